import LegalCore
import WorkCalendar

/// How long a judgement made as of `asOf` stays the judgement of the same timeline, with the same passports,
/// officials, calendar and rules: what lets an adapter keep a judgement instead of making it again on every
/// read. Time alone changes a judgement only where the engine looks at `asOf`:
/// - an event or a correction dated after `asOf` has not happened yet, and starts to count at its instant;
/// - a term still running (registration, service, complaint answer) has an urgency that moves at each local
///   midnight, turns overdue after its due day (or at its due instant, for a term in hours), and, once
///   overdue, counts one more working day late each day;
/// - a queue's order is judged against the other applications of the provider's queue (`ctx.queue`, indexed as
///   of the same `asOf`), so a write to any of them can change it, and so can an instant at which one of their
///   events starts to count.
public enum Holding: Sendable, Hashable {
    /// Nothing but a new event or changed inputs changes it.
    case settled
    /// It holds for every instant before this one.
    case until(Instant)
    /// It holds while no application of its queue changes, and (when given) for every instant before this one.
    case whileQueueUnchanged(until: Instant?)
}

extension Checks {
    /// How long the judgement of `original` as of `ctx.asOf` (`judgeEach`, `runningTermsEach`) holds.
    public static func holding(_ original: Application, in ctx: CheckContext) throws(CheckError) -> Holding {
        guard ctx.services[original.service] != nil else { return .settled }  // never judged: nothing to change
        let (terms, beyond) = try runningTermsEach(original, in: ctx)
        return try holding(original, in: ctx, terms: terms, beyond: beyond)
    }

    /// `holding`, for a caller that has the running terms already (`runningTermsEach` as of `ctx.asOf`).
    public static func holding(_ original: Application, in ctx: CheckContext, terms: [RunningTerm], beyond: [BeyondCalendar]) throws(CheckError) -> Holding {
        guard let passport = ctx.services[original.service] else { return .settled }
        var until: Instant? = nil
        func earliest(_ t: Instant) { until = until.map { min($0, t) } ?? t }
        // Events dated later (corrections among them), and the instants corrections move events to.
        for e in original.events where e.at > ctx.asOf { earliest(e.at) }
        for c in original.corrections { if let r = c.replacementAt, r > ctx.asOf { earliest(r) } }
        // Terms still running: their due instant, and the next local midnight in the provider's zone.
        let running = terms.filter { $0.doneOn == nil }
        if !running.isEmpty || !beyond.isEmpty {
            for t in running { if let due = t.deadline.dueInstant, due >= ctx.asOf { earliest(Instant(secondsSinceEpoch: due.secondsSinceEpoch + 1)) } }
            let zone: ZoneTable.Resolved
            do { zone = try ctx.calendar.zones.resolve(passport.schedule.timeZone) } catch {
                throw CheckError(eventIndex: nil, field: "schedule.timeZone", error: error)
            }
            earliest(nextMidnight(after: ctx.asOf, zone: zone))
        }
        if passport.queue {
            if let t = ctx.queue.nextChange(provider: original.provider, service: original.service) { earliest(t) }
            return .whileQueueUnchanged(until: until)
        }
        return until.map { .until($0) } ?? .settled
    }

    /// The first local midnight after `t` in `zone` — never later than the true one: where the zone's offset
    /// changes that night, the larger of the two offsets puts it earlier.
    static func nextMidnight(after t: Instant, zone: ZoneTable.Resolved) -> Instant {
        let local = t.secondsSinceEpoch + Int64(zone.offset(t.secondsSinceEpoch))
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let midnightUTC = (day + 1) * 86_400
        let offset = max(zone.offset(midnightUTC), zone.offset(midnightUTC - 86_400))
        return Instant(secondsSinceEpoch: max(t.secondsSinceEpoch + 1, midnightUTC - Int64(offset)))
    }
}
