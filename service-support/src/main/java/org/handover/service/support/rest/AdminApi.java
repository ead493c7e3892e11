package org.handover.service.support.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an admin resource (or method): {@link AdminTokenFilter} lets through only requests that carry the admin
 * bearer token. A JAX-RS name binding, so what is guarded is the resource itself, whatever path reaches it, and
 * nothing else ({@code /q/*}, the settings page, the webhook).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminApi {
}
