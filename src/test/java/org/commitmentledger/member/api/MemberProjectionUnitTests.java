package org.commitmentledger.member.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commitmentledger.projection.ProjectionDatabase.at;

import java.math.BigDecimal;

import org.commitmentledger.projection.ProjectionDatabase;
import org.commitmentledger.read.PointInTime;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The member projection's handlers called directly on the Flyway schema, read back through MemberReads. */
class MemberProjectionUnitTests {

    private static final String NOW = "2025-06-01T00:00:00Z";

    private final JdbcTemplate jdbc = ProjectionDatabase.create();
    private final ProjectionDatabase.Live projection = ProjectionDatabase.live(jdbc);
    private final MemberReads reads = new MemberReads(jdbc, ProjectionDatabase.tables(jdbc));

    @Test
    void memberIsUnknownBeforeItsRegistrationInEitherTime() {
        projection.on(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("26.5"), at("2024-01-01")), 0,
                at("2024-02-01T09:00:00Z"));

        assertThat(reads.one("DEU", point(NOW, "2023-12-31T23:59:59.999Z"))).isEmpty();
        assertThat(reads.one("DEU", point("2024-02-01T08:59:59.999Z", "2024-01-15"))).isEmpty();
        assertThat(reads.one("DEU", point("2024-02-01T09:00:00Z", "2024-01-01")))
                .contains(new MemberReads.MemberView("DEU", "Germany", new BigDecimal("26.5000")));
        assertThat(reads.one("FRA", point(NOW, NOW))).isEmpty();
    }

    @Test
    void revisedKeyHoldsFromItsEffectiveAtAndOnlyOnceRecorded() {
        projection.on(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("10"), at("2000-01-01")), 0,
                at("2024-01-01T09:00:00Z"));
        projection.on(new MemberRevisedEvent("DEU", "Federal Republic of Germany", new BigDecimal("12.25"),
                at("2024-06-01")), 1, at("2024-07-01T09:00:00Z"));

        assertThat(share("DEU", NOW, "2024-05-31T23:59:59.999Z")).isEqualByComparingTo("10");
        assertThat(share("DEU", NOW, "2024-06-01")).isEqualByComparingTo("12.25");
        assertThat(share("DEU", "2024-06-15", "2024-06-15")).isEqualByComparingTo("10");
        assertThat(reads.one("DEU", point(NOW, NOW)).orElseThrow().name()).isEqualTo("Federal Republic of Germany");
    }

    @Test
    void listHoldsTheMembersRegisteredThenSortedByCode() {
        projection.on(new MemberRegisteredEvent("HUN", "Hungary", new BigDecimal("1"), at("2000-01-01")), 0,
                at("2024-01-01T09:00:00Z"));
        projection.on(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("20"), at("2024-03-01")), 0,
                at("2024-03-01T09:00:00Z"));
        projection.on(new MemberRegisteredEvent("AUT", "Austria", new BigDecimal("2"), at("2000-01-01")), 0,
                at("2024-04-01T09:00:00Z"));

        assertThat(reads.all(point(NOW, NOW))).extracting(MemberReads.MemberView::code)
                .containsExactly("AUT", "DEU", "HUN");
        assertThat(reads.all(point(NOW, "2024-02-01"))).extracting(MemberReads.MemberView::code)
                .containsExactly("AUT", "HUN");
        assertThat(reads.all(point("2024-03-15", NOW))).extracting(MemberReads.MemberView::code)
                .containsExactly("DEU", "HUN");
    }

    @Test
    void resetForgetsEveryMember() {
        projection.on(new MemberRegisteredEvent("DEU", "Germany", new BigDecimal("10"), at("2000-01-01")), 0,
                at("2024-01-01T09:00:00Z"));

        projection.reset();

        assertThat(reads.all(point(NOW, NOW))).isEmpty();
    }

    private BigDecimal share(String code, String asOf, String effectiveAt) {
        return reads.one(code, point(asOf, effectiveAt)).orElseThrow().costShare();
    }

    private static PointInTime point(String asOf, String effectiveAt) {
        return new PointInTime(at(asOf), at(effectiveAt));
    }
}
