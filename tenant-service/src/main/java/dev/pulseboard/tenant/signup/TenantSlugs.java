package dev.pulseboard.tenant.signup;

import dev.pulseboard.contract.tenant.TenantId;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** Derives a TenantId from an organization name: "Acme Corp" -> "acme-corp", "Zürich AG" -> "zurich-ag". */
public final class TenantSlugs {
    private static final int MAX = 40;

    private TenantSlugs() {}

    /** Empty when nothing usable is left (e.g. a name without latin letters or digits). */
    public static Optional<TenantId> derive(String organizationName) {
        if (organizationName == null) {
            return Optional.empty();
        }
        String ascii =
                Normalizer.normalize(organizationName, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (!slug.isEmpty() && !Character.isLetter(slug.charAt(0))) {
            slug = "t-" + slug;
        }
        if (slug.length() > MAX) {
            slug = slug.substring(0, MAX).replaceAll("-+$", "");
        }
        if (slug.length() > 0 && slug.length() < 3) {
            slug = slug + "-org";
        }
        return TenantId.isValid(slug) ? Optional.of(new TenantId(slug)) : Optional.empty();
    }
}
