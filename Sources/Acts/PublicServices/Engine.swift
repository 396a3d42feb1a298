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

/// An application's findings, and what could not be judged yet because the calendar does not reach it.
public struct Judgement: Sendable {
    public var findings: [Finding]
    public var beyondCalendar: [BeyondCalendar]
    public init(findings: [Finding] = [], beyondCalendar: [BeyondCalendar] = []) {
        self.findings = findings; self.beyondCalendar = beyondCalendar
    }
}

/// A term (or check) of one application that runs past the last day the calendar covers: shown as "beyond
/// the calendar (covers up to …)" until next year's holidays are added; never a broken page or a 422.
public struct BeyondCalendar: Sendable, Hashable {
    public enum Term: String, Sendable, Hashable {
        /// The receipt day itself (an arrival in an uncovered year): nothing of the application can be counted.
        case receipt, registration, refusal, service, complaint, signature
        /// A check that counts no term (never beyond the calendar; listed for completeness).
        case none

        /// What waits, as the workspace names it (the running terms' own names).
        public var label: LocalizedText {
            switch self {
            case .receipt: return LocalizedText(kk: "Өтінішті қабылдау күні", ru: "День приёма заявления", en: "Receipt day")
            case .registration: return LocalizedText(kk: "Тіркеу", ru: "Регистрация", en: "Registration")
            case .refusal: return LocalizedText(kk: "Қараудан бас тарту", ru: "Отказ в рассмотрении", en: "Refusal to consider")
            case .service: return LocalizedText(kk: "Қызмет көрсету мерзімі", ru: "Срок оказания услуги", en: "Service term")
            case .complaint: return LocalizedText(kk: "Шағымға жауап", ru: "Ответ на жалобу", en: "Complaint answer")
            case .signature: return LocalizedText(kk: "Қол қоюшының өкілеттігі", ru: "Полномочия подписавшего", en: "Signer's authority")
            case .none: return LocalizedText(kk: "Тексеру", ru: "Проверка", en: "Check")
            }
        }
    }
    public var application: String
    public var term: Term
    /// The date (or the count) the calendar was asked about.
    public var date: String
    /// The last day the calendar covers.
    public var coversUpTo: LocalDate
    /// The error as the strict path (`rasim check`) would report it.
    public var error: CheckError

    /// Only a date beyond the covered years makes a term wait; any other calendar error is rethrown.
    init(_ application: String, _ term: Term, _ error: CheckError) throws(CheckError) {
        guard case .notCovered(let date, _, let lastYear) = error.error, let last = LocalDate(year: lastYear, month: 12, day: 31) else { throw error }
        self.application = application; self.term = term; self.date = date; self.coversUpTo = last; self.error = error
    }

    public static func == (a: BeyondCalendar, b: BeyondCalendar) -> Bool {
        (a.application, a.term, a.date, a.coversUpTo) == (b.application, b.term, b.date, b.coversUpTo)
    }
    public func hash(into h: inout Hasher) { h.combine(application); h.combine(term); h.combine(date); h.combine(coversUpTo) }
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

/// Judges one application against its passport: every finding code of docs/reference/check.md.
///
/// Hit policy (docs/architecture.md rule 7): the checks are independent and all apply — one timeline can breach
/// several requirements at once (a late refusal without a hearing is `term_breach` AND
/// `refusal_without_hearing`). The one exclusion, declared: an electronic application that never reached
/// the provider (`routing_failure`) is not judged for the provider's terms, which never started.
public enum Checks {
    /// The version of these rules, recorded with every judgement kept in storage: raise it with any change
    /// that can change a finding, a running term or a status, so that what was stored is judged again.
    public static let rulesVersion = "PS-VIOLATIONS-2025 rules 2026-12-07.7"

    /// Every finding, or the first date the calendar does not cover as an error (`rasim check`: the input
    /// names a date Rasim cannot judge, so the whole answer is refused — docs/reference/check.md).
    public static func judge(_ original: Application, in ctx: CheckContext) throws(CheckError) -> [Finding] {
        let after = try judgeTimeline(original, in: ctx)
        guard !original.corrections.isEmpty else { return after }
        return after + corrected(try judgeTimeline(original.asRecorded, in: ctx), after: after, original, ctx)
    }

    static func judgeTimeline(_ original: Application, in ctx: CheckContext) throws(CheckError) -> [Finding] {
        let (app, facts) = try establish(original, in: ctx)
        guard let facts else { return Reception.routingFailure(app, passport: ctx.services[app.service]!) }
        var findings: [Finding] = []
        for check in checks(facts, ctx) { findings += try check.run() }
        return annotated(findings, facts, ctx)
    }

    /// What a finding says about its own footing (docs/reference/check.md v1.1): `criteriaInForce: false` when the
    /// receipt day is before PS-RISK-2023, whose criteria grade it, entered into force (the duties themselves come
    /// from the Law on public services of 2013); the unconfirmed calendar days its receipt day (from the arrival's
    /// local date), due day or lateness count rests on.
    static func annotated(_ findings: [Finding], _ f: Facts, _ ctx: CheckContext) -> [Finding] {
        // From 2023-05-05, the contract's date, even inside the window where the exact day of publication is uncertain.
        let criteria = Acts.find(.psRisk2023).map { $0.validity.status(on: f.receiptDay) != .notYetInForce } ?? true
        let cal = ctx.calendar
        let arrival = (try? cal.localDay(seconds: f.receivedAt.secondsSinceEpoch, zone: f.zone)) ?? f.receiptDay
        return findings.map { x in
            var x = x
            if !criteria { x.criteriaInForce = false }
            guard let due = x.due else { return x }
            var days = (try? cal.unconfirmedDayList(from: min(arrival, due), through: due)) ?? []
            if x.lateWorkingDays != nil, case let end = x.actual ?? f.asOfDay, end > due {
                days += (try? cal.unconfirmedDayList(from: due.adding(days: 1), through: end)) ?? []
            }
            x.unconfirmedDays = days
            return x
        }
    }

    /// The findings of the timeline as first recorded that the corrections removed: kept, marked with the last
    /// correction made by `asOf` (its number and reason).
    static func corrected(_ before: [Finding], after: [Finding], _ app: Application, _ ctx: CheckContext) -> [Finding] {
        guard let last = app.corrections.last(where: { $0.at <= ctx.asOf }) else { return [] }
        func same(_ a: Finding, _ b: Finding) -> Bool { (a.code, a.due, a.actual, a.lateWorkingDays) == (b.code, b.due, b.actual, b.lateWorkingDays) }
        return before.filter { f in !after.contains { same($0, f) } }.map { f in
            var f = f
            f.correction = .init(event: last.index + 1, reason: last.reason ?? "")
            return f
        }
    }

    /// Every check that can be made, and the ones that cannot because a date they need lies beyond the
    /// calendar's covered years — one application's open question, never an error (the server's view: a term
    /// running into a year whose holidays are not yet known waits for that year's calendar; every other
    /// check of the application, and every other application, is judged as usual).
    public static func judgeEach(_ original: Application, in ctx: CheckContext) throws(CheckError) -> Judgement {
        var j = try judgeEachTimeline(original, in: ctx)
        guard !original.corrections.isEmpty else { return j }
        let before = try judgeEachTimeline(original.asRecorded, in: ctx).findings
        j.findings += corrected(before, after: j.findings, original, ctx)
        return j
    }

    static func judgeEachTimeline(_ original: Application, in ctx: CheckContext) throws(CheckError) -> Judgement {
        let app: Application, facts: Facts?
        do { (app, facts) = try establish(original, in: ctx) } catch {
            return Judgement(findings: [], beyondCalendar: [try BeyondCalendar(original.id, .receipt, error)])
        }
        guard let facts else { return Judgement(findings: Reception.routingFailure(app, passport: ctx.services[app.service]!), beyondCalendar: []) }
        var j = Judgement(findings: [], beyondCalendar: [])
        for check in checks(facts, ctx) {
            do { j.findings += try check.run() } catch { j.beyondCalendar.append(try BeyondCalendar(app.id, check.term, error)) }
        }
        j.findings = annotated(j.findings, facts, ctx)
        return j
    }

    /// The checks of docs/reference/check.md in the order findings are listed; `term` names what each counts.
    static func checks(_ f: Facts, _ ctx: CheckContext) -> [(term: BeyondCalendar.Term, run: () throws(CheckError) -> [Finding])] {
        [
            (.registration, { () throws(CheckError) in try Reception.lateRegistration(f, ctx) }),
            (.none, { () throws(CheckError) in Reception.notRecordedInMonitoring(f) }),
            (.none, { () throws(CheckError) in Reception.documentsDemanded(f) }),
            (.none, { () throws(CheckError) in Reception.paymentForFreeService(f) }),
            (.refusal, { () throws(CheckError) in try Review.refusalTermBreach(f, ctx) }),
            (.none, { () throws(CheckError) in Review.incompletePackageServed(f) }),
            (.none, { () throws(CheckError) in Review.outOfQueue(f, ctx) }),
            (.service, { () throws(CheckError) in try Decision.term(f, ctx) }),
            (.none, { () throws(CheckError) in Decision.refusals(f) }),
            (.signature, { () throws(CheckError) in try Decision.unauthorizedSignature(f, ctx) }),
            (.complaint, { () throws(CheckError) in try Decision.complaintTermBreach(f, ctx) }),
        ]
    }

    /// The timeline as of `asOf` and its facts; nil facts when the application never arrived (no term runs).
    static func establish(_ original: Application, in ctx: CheckContext) throws(CheckError) -> (Application, Facts?) {
        guard let passport = ctx.services[original.service] else { preconditionFailure("unknown service \(original.service): validate input first") }
        // Events after `asOf` have not happened as of the moment of judgement; corrections made by then apply.
        let current = original.corrected(asOf: ctx.asOf)
        let app = current.with(events: current.events.filter { $0.at <= ctx.asOf })
        let cal = ctx.calendar
        /// The zone, `asOf`'s local day and the receipt day under a passport's schedule.
        func days(_ p: ServicePassport, receivedAt: Instant?) throws(CheckError) -> (ZoneTable.Resolved, LocalDate, LocalDate?) {
            let zone: ZoneTable.Resolved
            do { zone = try cal.zones.resolve(p.schedule.timeZone) } catch { throw CheckError(eventIndex: nil, field: "schedule.timeZone", error: error) }
            let asOfDay: LocalDate
            do { asOfDay = try cal.localDay(seconds: ctx.asOf.secondsSinceEpoch, zone: zone) } catch { throw CheckError(eventIndex: nil, field: "asOf", error: error) }
            guard let receivedAt else { return (zone, asOfDay, nil) }
            do { return (zone, asOfDay, try cal.receiptDay(seconds: receivedAt.secondsSinceEpoch, zone: zone, closeMinutes: p.schedule.close.minutes)) }
            catch { throw CheckError(eventIndex: (app.first(.received) ?? app.first(.submitted))?.index, field: "at", error: error) }
        }
        guard let receivedAt = app.receivedAt else { _ = try days(passport, receivedAt: nil); return (app, nil) }
        var (zone, asOfDay, receipt) = try days(passport, receivedAt: receivedAt)
        // The passport in force on the receipt day governs the whole application (docs/reference/check.md v1.1). A
        // reading where the act is silent: when that version keeps other hours, its own schedule places the
        // receipt day.
        let governing = passport.inForce(on: receipt!)
        if governing.schedule != passport.schedule { (zone, asOfDay, receipt) = try days(governing, receivedAt: receivedAt) }
        return (app, Facts(app: app, passport: governing, zone: zone, asOfDay: asOfDay, receivedAt: receivedAt,
                           receiptDay: receipt!, registered: app.first(.registered)))
    }

    /// For a service term in hours, its due instant (set on `deadline`, with its local day): the provider's working
    /// hours counted from the arrival (docs/reference/check.md v1.1, `CountingConvention.workingHours`). Nil for other terms.
    static func workingHoursDue(_ f: Facts, _ deadline: inout Deadline, _ cal: KazakhCalendar) throws(CheckError) -> Instant? {
        guard case .hours(let n) = f.passport.term else { return nil }
        let s = f.passport.schedule
        let due = try wrap(f.app.first(.received) ?? f.app.first(.submitted)) { () throws(CalendarError) in
            Instant(secondsSinceEpoch: try cal.addWorkingHours(n, from: f.receivedAt.secondsSinceEpoch, zone: f.zone,
                                                               openMinutes: s.open.minutes, closeMinutes: s.close.minutes))
        }
        deadline.dueInstant = due
        deadline.due = try wrap(nil) { () throws(CalendarError) in try cal.localDay(seconds: due.secondsSinceEpoch, zone: f.zone) }
        deadline.conventions = [.workingHours, .afterHoursReceipt]
        return due
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

    /// Working-day lateness of an act done on `actual` against `due` (docs/reference/check.md): nil when on time.
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
    /// Queues by provider and service: one provider's queue never judges, nor shows, another's applicants.
    struct Key: Hashable { var provider: String?; var service: String }
    var queues: [Key: [Entry]] = [:]
    /// Per queue, the first instant after `asOf` at which one of its applications' events (or an instant a
    /// correction moves one to) starts to count: until then the queue, as indexed, stays what it is.
    var changes: [Key: Instant] = [:]
    public init() {}

    public mutating func add(_ app: Application, asOf: Instant) {
        let key = Key(provider: app.provider, service: app.service)
        for t in app.events.map(\.at) + app.corrections.compactMap(\.replacementAt) where t > asOf {
            changes[key] = changes[key].map { min($0, t) } ?? t
        }
        guard let p = app.queuePosition else { return }
        let decided = app.events.first { $0.kind.isDecision && $0.at <= asOf }?.at
        queues[key, default: []].append(Entry(position: p, id: app.id, enteredAt: app.receivedAt, decidedAt: decided))
    }

    /// The first instant after the index's `asOf` at which the queue of `provider` and `service` changes by
    /// time alone (nil: not by time).
    public func nextChange(provider: String?, service: String) -> Instant? { changes[Key(provider: provider, service: service)] }

    /// Applications of the same provider's queue with a lower position that were in the queue and still
    /// waiting at `t`.
    public func waitingAhead(provider: String?, service: String, position: Int, at t: Instant) -> [Entry] {
        (queues[Key(provider: provider, service: service)] ?? []).filter { e in
            e.position < position && (e.enteredAt.map { $0 <= t } ?? false) && (e.decidedAt.map { $0 > t } ?? true)
        }.sorted { $0.position < $1.position }
    }
}

extension Checks {
    /// The capital's day of `asOf` when PS-RISK-2023, whose criteria grade the findings, is not in force on it
    /// (nil when it is, or when the calendar cannot say which day that is). Findings are graded by its criteria
    /// all the same, and the adapters say so.
    public static func dayBeforeRiskCriteria(at asOf: Instant, calendar: KazakhCalendar) -> LocalDate? {
        guard let act = Acts.find(.psRisk2023), let day = try? calendar.eventDay(of: asOf, timeZone: ZoneTable.capital),
              act.validity.status(on: day) != .inForce else { return nil }
        return day
    }
}
