package org.handover.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one {@link E2eStack} for the whole run: started on first use (about half a minute), stopped when
 * JUnit finishes. Tests keep out of each other's way by using their own users (PSIDs) and pages.
 */
public final class StackExtension implements ParameterResolver {

    /** System property naming the repository root, set by the module's surefire configuration. */
    static final String ROOT_PROPERTY = "local-stack.root";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == E2eStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, key -> new Holder(), Holder.class).stack;
    }

    /** Closed by JUnit with the root context, after the last test class. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final E2eStack stack;

        Holder() {
            Path root = Path.of(System.getProperty(ROOT_PROPERTY, "..")).toAbsolutePath().normalize();
            Path state;
            try {
                state = Files.createDirectories(root.resolve("end-to-end-tests/target/e2e-stack"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long begin = System.nanoTime();
            stack = E2eStack.start(root, state, World::of);
            System.out.printf("End-to-end stack ready in %.1f s (logs in %s)%n",
                    (System.nanoTime() - begin) / 1e9, stack.logs());
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
