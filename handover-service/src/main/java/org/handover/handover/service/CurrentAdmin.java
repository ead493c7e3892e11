package org.handover.handover.service;

import jakarta.enterprise.context.RequestScoped;
import org.handover.handover.domain.AdminPrincipal;

/**
 * Who makes the current request (settings page or admin API), set by the filter that let it in; the resources ask it
 * for access per page and name it in the audit.
 */
@RequestScoped
public class CurrentAdmin {

    private AdminPrincipal principal;

    public AdminPrincipal get() {
        if (principal == null) {
            throw new IllegalStateException("no admin filter ran for this request");
        }
        return principal;
    }

    public void set(AdminPrincipal principal) {
        this.principal = principal;
    }
}
