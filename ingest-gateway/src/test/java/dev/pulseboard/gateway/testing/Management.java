package dev.pulseboard.gateway.testing;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The gateway's management interface under test (/q/metrics, /q/health): a port of its own, never the tenants' one. */
public final class Management {
    private Management() {}

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return io.restassured.RestAssured.given().port(port());
    }
}
