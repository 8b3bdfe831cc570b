/**
 * The opt-in demo ({@code --spring.profiles.active=demo}): its own embedded H2 store under ./data/demo, seeded with a
 * fund's 2024 life through the ordinary write path by the actor {@code demo-seed}, whose writes alone are recorded at
 * the 2024 instants the seeding sets (ADR 0041).
 */
package org.commitmentledger.demo;
