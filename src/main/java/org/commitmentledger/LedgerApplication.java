package org.commitmentledger;

import java.time.Clock;
import java.time.ZoneOffset;

import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The commitment ledger: an event-sourced, bitemporal, tamper-evident record of funding commitments. */
@SpringBootApplication
public class LedgerApplication {

    static {
        // recordedAt is kept at millisecond precision so that the value shown to auditors is exact (ADR 0003).
        GenericEventMessage.clock = Clock.tickMillis(ZoneOffset.UTC);
    }

    public static void main(String[] args) {
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(LedgerApplication.class, args);
    }
}
