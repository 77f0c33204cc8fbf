package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SignupRequestRepository implements PanacheRepositoryBase<SignupRequestEntity, UUID> {

    public Optional<SignupRequestEntity> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** The request, locked until the transaction ends: completing it is single use. */
    public Optional<SignupRequestEntity> lockByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** How many verification mails went to {@code email} since {@code since} (bounds mail to one address). */
    public long countForEmailSince(String email, Instant since) {
        return count("email = ?1 and createdAt >= ?2", email, since);
    }

    /** Removes requests that expired before {@code before}; returns how many. */
    public long deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
