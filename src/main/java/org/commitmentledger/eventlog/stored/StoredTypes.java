package org.commitmentledger.eventlog.stored;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;

/**
 * The names events and snapshots are stored under (ADR 0035): fixed strings, not derived from any Java package or
 * class name, so that classes may move and be renamed while every stored row keeps reading. An event's name is the
 * one the feed and the hash chain have always shown ({@code PledgeMade}); a name, once stored, is never reused for
 * another meaning. Snapshots are stored as {@code FundSnapshot}, {@code MemberSnapshot} and {@code PledgeSnapshot}. (The
 * aggregate type column, {@code FundAggregate} and so on, is fixed by each aggregate's {@code @Aggregate(type = …)}.)
 */
final class StoredTypes {

    private static final Map<String, String> EVENTS = new LinkedHashMap<>();
    private static final Map<String, String> SNAPSHOTS = new LinkedHashMap<>();
    private static final Map<String, String> NAME_OF_CLASS = new LinkedHashMap<>();
    private static final Map<String, String> CLASS_OF_NAME = new LinkedHashMap<>();

    static {
        event("MemberRegistered", MemberRegisteredEvent.class);
        event("MemberRevised", MemberRevisedEvent.class);
        event("FundProposed", FundProposedEvent.class);
        event("FundAmended", FundAmendedEvent.class);
        event("ObjectionRaised", ObjectionRaisedEvent.class);
        event("ObjectionWithdrawn", ObjectionWithdrawnEvent.class);
        event("MemberOptedOut", MemberOptedOutEvent.class);
        event("DecisionRoundConcluded", DecisionRoundConcludedEvent.class);
        event("PledgeMade", PledgeMadeEvent.class);
        event("PledgeRevised", PledgeRevisedEvent.class);
        event("PledgeWithdrawn", PledgeWithdrawnEvent.class);
        event("PledgeDisbursed", PledgeDisbursedEvent.class);
        // aggregate classes are package-private: named here by their class name, kept in step by StoredTypesTests
        snapshot("MemberSnapshot", "org.commitmentledger.member.command.MemberAggregate");
        snapshot("FundSnapshot", "org.commitmentledger.fund.command.FundAggregate");
        snapshot("PledgeSnapshot", "org.commitmentledger.pledge.command.PledgeAggregate");
    }

    private StoredTypes() {
    }

    private static void event(String name, Class<?> type) {
        EVENTS.put(name, type.getName());
        register(name, type.getName());
    }

    private static void snapshot(String name, String className) {
        SNAPSHOTS.put(name, className);
        register(name, className);
    }

    private static void register(String name, String className) {
        if (CLASS_OF_NAME.put(name, className) != null || NAME_OF_CLASS.put(className, name) != null) {
            throw new IllegalStateException("stored type name " + name + " or class " + className + " given twice");
        }
    }

    /** The stored name of a registered class; empty for anything else (tokens, metadata), stored as Axon names it. */
    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(NAME_OF_CLASS.get(type.getName()));
    }

    /** The class a stored name stands for; empty when the name is not one of ours. */
    public static Optional<String> classNameOf(String storedName) {
        return Optional.ofNullable(CLASS_OF_NAME.get(storedName));
    }

    /** Whether {@code type} is an event whose stored JSON must match its record exactly. */
    static boolean isEvent(Class<?> type) {
        String name = NAME_OF_CLASS.get(type.getName());
        return name != null && EVENTS.containsKey(name);
    }

    /** Stored event name to class name, in a fixed order. */
    public static Map<String, String> events() {
        return java.util.Collections.unmodifiableMap(EVENTS);
    }

    /** Stored snapshot name to aggregate class name. */
    public static Map<String, String> snapshots() {
        return java.util.Collections.unmodifiableMap(SNAPSHOTS);
    }

    /** Every registered class name, events and aggregates. */
    public static Collection<String> classNames() {
        return java.util.Collections.unmodifiableCollection(CLASS_OF_NAME.values());
    }
}
