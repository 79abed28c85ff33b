package io.telcred.credential;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.time.Instant;
import java.util.Optional;

public interface CredentialRepository {

    /** Throws {@link io.telcred.common.UniqueViolationException} when the SIP user name is taken. */
    void insert(TelephonyCredential credential);

    void update(TelephonyCredential credential);

    void delete(String id);

    /** A credential of any account: the service checks the account, and token checks know only the id. */
    Optional<TelephonyCredential> findById(String id);

    Optional<TelephonyCredential> findBySipUsername(String sipUsername);

    /** {@code now} decides which credentials count as expired for the status filter. */
    Page<TelephonyCredential> list(String accountId, CredentialQuery query, Instant now, PageRequest page);

    long countWithTag(String accountId, String tag);

    Page<TagCount> tags(String accountId, PageRequest page);
}
