package io.telcred.user;

/** What a portal user may do in their account: an owner also manages the account's users. */
public enum Role {
    OWNER,
    MEMBER;

    public String label() {
        return this == OWNER ? "Owner" : "Member";
    }
}
