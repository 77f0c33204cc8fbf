package dev.pulseboard.tenant.testing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Raw SQL views of the tables for assertions, bypassing the code under test. */
@ApplicationScoped
public class Database {
    private final AgroalDataSource dataSource;

    Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String tenantStatus(String tenant) {
        List<String> rows = strings("select status from tenants where id = ?", tenant);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<String> keyHashesOf(String tenant) {
        return strings("select key_hash from ingest_keys where tenant_id = ? order by created_at", tenant);
    }

    /** Rows of either table whose text form contains {@code needle}: must be 0 for any raw key secret. */
    public long rowsContaining(String needle) {
        return Long.parseLong(strings(
                        "select (select count(*) from ingest_keys k where k::text like ?)"
                                + " + (select count(*) from tenants t where t::text like ?)",
                        "%" + needle + "%",
                        "%" + needle + "%")
                .get(0));
    }

    /** Moves every invitation of the tenant's expiry into the past (an expired link without waiting a week). */
    public int expireInvitationsOf(String tenant) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update invitations set expires_at = now() - interval '1 second' where tenant_id = ?")) {
            s.setString(1, tenant);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> strings(String sql, String... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
