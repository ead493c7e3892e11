package org.handover.handover.repository;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.handover.handover.domain.PageIds;

/** Row of {@code admin_account} with its pages ({@code admin_account_page}); Flyway {@code V13}. */
@Entity
@Table(name = "admin_account")
public class AdminAccountEntity {

    @Id
    @Column(name = "username", length = 64)
    public String username;

    /** bcrypt, in the modular crypt format ({@code $2a$10$...}); never the password. */
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "admin_account_page", joinColumns = @JoinColumn(name = "username"))
    @Column(name = "page_id", length = PageIds.MAX)
    public Set<String> pages = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
