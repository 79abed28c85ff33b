package io.telcred.user;

/** An invitation just made, with the token of its link: shown once to the owner, never stored. */
public record IssuedInvite(Invite invite, String token) {

    @Override
    public String toString() {
        return "IssuedInvite[email=" + invite.email() + "]";
    }
}
