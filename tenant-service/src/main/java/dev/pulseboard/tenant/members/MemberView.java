package dev.pulseboard.tenant.members;

import dev.pulseboard.tenant.identity.TenantRoles.Member;

/** A member as the API shows it; {@code role} is a {@code Role} id. */
public record MemberView(String id, String email, String firstName, String lastName, String role) {
    static MemberView of(Member member) {
        return new MemberView(
                member.id(),
                member.email(),
                member.firstName(),
                member.lastName(),
                member.role().id());
    }
}
