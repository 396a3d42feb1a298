import LegalCore
import WorkCalendar

/// What every check needs: the moment of judgement, the calendar, the passports, the officials and the
/// queue. `asOf` is an input — the core never reads the clock.
public struct CheckContext: Sendable {
    public var asOf: Instant
    public var calendar: KazakhCalendar
    public var services: [String: ServicePassport]
    public var officials: [String: Official]
    public var queue: QueueIndex
    /// Fill each deadline's day-by-day trace (for `--trace` and the web page), off on hot paths.
    public var detailedTraces: Bool

    public init(asOf: Instant, calendar: KazakhCalendar, services: [String: ServicePassport], officials: [String: Official],
                queue: QueueIndex = QueueIndex(), detailedTraces: Bool = false) {
        self.asOf = asOf; self.calendar = calendar; self.services = services; self.officials = officials
        self.queue = queue; self.detailedTraces = detailedTraces
    }
}

/// A check that could not be made: the calendar does not cover a date of the timeline. Carries the event's
/// input position so the adapter can name the path.
public struct CheckError: Error, Sendable {
    public var eventIndex: Int?
    public var field: String
    public var error: CalendarError
}

/// What a timeline looks like once its facts are established, shared by the stage checks.
struct Facts {
    let app: Application
    let passport: ServicePassport
    let zone: ZoneTable.Resolved
    let asOfDay: LocalDate
    let receivedAt: Instant
    let receiptDay: LocalDate
    let registered: Event?
}

/// Judges one application against its passport: every finding code of contracts/check.md.
///
/// Hit policy (DESIGN.md rule 7): the checks are independent and all apply — one timeline can breach
/// several requirements at once (a late refusal without a hearing is `term_breach` AND
/// `refusal_without_hearing`). The one exclusion, declared: an electronic application that never reached
/// the provider (`routing_failure`) is not judged for the provider's terms, which never started.
public enum Checks {
    public static func judge(_ original: Application, in ctx: CheckContext) throws(CheckError) -> [Finding] {
        let (app, facts) = try establish(original, in: ctx)
        guard let facts else { return Reception.routingFailure(app, passport: ctx.services[app.service]!) }
        var findings: [Finding] = []
        findings += try Reception.lateRegistration(facts, ctx)
        findings += Reception.notRecordedInMonitoring(facts)
        findings += Reception.documentsDemanded(facts)
        findings += Reception.paymentForFreeService(facts)
        findings += try Review.refusalTermBreach(facts, ctx)
        findings += Review.incompletePackageServed(facts)
        findings += Review.outOfQueue(facts, ctx)
        findings += try Decision.term(facts, ctx)
        findings += Decision.refusals(facts)
        findings += try Decision.unauthorizedSignature(facts, ctx)
        findings += try Decision.complaintTermBreach(facts, ctx)
        return findings
    }

    /// The timeline as of `asOf` and its facts; nil facts when the application never arrived (no term runs).
    static func establish(_ original: Application, in ctx: CheckContext) throws(CheckError) -> (Application, Facts?) {
        guard let passport = ctx.services[original.service] else { preconditionFailure("unknown service \(original.service): validate input first") }
        // Events after `asOf` have not happened as of the moment of judgement.
        let app = Application(id: original.id, service: original.service, channel: original.channel, applicant: original.applicant,
                              queuePosition: original.queuePosition, events: original.events.filter { $0.at <= ctx.asOf })
        let cal = ctx.calendar
        let zone: ZoneTable.Resolved
        do { zone = try cal.zones.resolve(passport.schedule.timeZone) } catch { throw CheckError(eventIndex: nil, field: "schedule.timeZone", error: error) }
        let asOfDay: LocalDate
        do { asOfDay = try cal.localDay(seconds: ctx.asOf.secondsSinceEpoch, zone: zone) } catch { throw CheckError(eventIndex: nil, field: "asOf", error: error) }

        guard let receivedAt = app.receivedAt else { return (app, nil) }
        let receivedEvent = app.first(.received) ?? app.first(.submitted)
        let receiptDay: LocalDate
        do { receiptDay = try cal.receiptDay(seconds: receivedAt.secondsSinceEpoch, zone: zone, closeMinutes: passport.schedule.close.minutes) }
        catch { throw CheckError(eventIndex: receivedEvent?.index, field: "at", error: error) }

        return (app, Facts(app: app, passport: passport, zone: zone, asOfDay: asOfDay, receivedAt: receivedAt,
                           receiptDay: receiptDay, registered: app.first(.registered)))
    }

    /// Local day of an event, with the event named on failure.
    static func day(_ e: Event, _ f: Facts, _ cal: KazakhCalendar) throws(CheckError) -> LocalDate {
        do { return try cal.localDay(seconds: e.at.secondsSinceEpoch, zone: f.zone) } catch { throw CheckError(eventIndex: e.index, field: "at", error: error) }
    }

    static func wrap<T>(_ e: Event?, _ body: () throws(CalendarError) -> T) throws(CheckError) -> T {
        do { return try body() } catch { throw CheckError(eventIndex: e?.index, field: "at", error: error) }
    }

    static func finding(_ code: FindingCode, _ f: Facts, stage: FindingCode.Stage? = nil, due: LocalDate? = nil, actual: LocalDate? = nil,
                        late: Int? = nil, message: LocalizedText, fromEvent: String? = nil, deadline: Deadline? = nil,
                        happened: String? = nil) -> Finding {
        finding(code, subject: f.app.id, stage: stage, due: due, actual: actual, late: late, message: message,
                fromEvent: fromEvent, deadline: deadline, happened: happened)
    }

    static func finding(_ code: FindingCode, subject: String, stage: FindingCode.Stage? = nil, due: LocalDate? = nil, actual: LocalDate? = nil,
                        late: Int? = nil, message: LocalizedText, fromEvent: String? = nil, deadline: Deadline? = nil,
                        happened: String? = nil) -> Finding {
        Finding(subject: subject, code: code.rawValue, severity: code.severity, stage: (stage ?? code.stage).rawValue,
                citation: code.citations, due: due, actual: actual, lateWorkingDays: late, message: message,
                explanation: Explanation(rule: code.citations[0], requirement: code.requirement, fromEvent: fromEvent,
                                         deadline: deadline, happened: happened, lateWorkingDays: late))
    }

    /// An event judged against a due day: its local day, and how many working days late it is — nil when the
    /// event came on or before the due day.
    static func lateEvent(_ e: Event, due: LocalDate, _ f: Facts, _ cal: KazakhCalendar) throws(CheckError) -> (day: LocalDate, late: Int)? {
        let day = try Checks.day(e, f, cal)
        guard let late = try wrap(e, { () throws(CalendarError) in try lateness(due: due, actual: day, calendar: cal) }) else { return nil }
        return (day, late)
    }

    /// Working-day lateness of an act done on `actual` against `due` (contracts/check.md): nil when on time.
    @inlinable public static func lateness(due: LocalDate, actual: LocalDate, calendar: KazakhCalendar) throws(CalendarError) -> Int? {
        actual > due ? try calendar.workingDaysBetween(due, actual) : nil
    }

    /// An instant as local time in the provider's zone (for explanations).
    static func local(_ t: Instant, _ f: Facts) -> String { t.iso(offsetSeconds: f.zone.offset(t.secondsSinceEpoch)) }

    static func receiptText(_ f: Facts) -> String {
        "received \(local(f.receivedAt, f)) → receipt day \(f.receiptDay) (\(CountingConvention.afterHoursReceipt.rawValue), closing \(f.passport.schedule.close))"
    }
}

/// Applications of queue services by position, for the out-of-queue check (a pass over all applications
/// builds it before judging).
public struct QueueIndex: Sendable {
    public struct Entry: Sendable {
        public var position: Int
        public var id: String
        public var enteredAt: Instant?
        public var decidedAt: Instant?
    }
    var byService: [String: [Entry]] = [:]
    public init() {}

    public mutating func add(_ app: Application, asOf: Instant) {
        guard let p = app.queuePosition else { return }
        let decided = app.events.first { $0.kind.isDecision && $0.at <= asOf }?.at
        byService[app.service, default: []].append(Entry(position: p, id: app.id, enteredAt: app.receivedAt, decidedAt: decided))
    }

    /// Applications with a lower position that were in the queue and still waiting at `t`.
    public func waitingAhead(service: String, position: Int, at t: Instant) -> [Entry] {
        (byService[service] ?? []).filter { e in
            e.position < position && (e.enteredAt.map { $0 <= t } ?? false) && (e.decidedAt.map { $0 > t } ?? true)
        }.sorted { $0.position < $1.position }
    }
}
