package org.handover.handover.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the admin API's per-page resources ({@code /admin/pages/{pageId}/...}): {@link PageAdminApiFilter} lets in
 * the operator's bearer token (every page) and page admins' accounts (HTTP Basic, their pages only).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PageAdminApi {
}
