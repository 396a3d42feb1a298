import LegalCore
import WorkCalendar

/// What `Documents.evaluate` answers (docs/reference/documents.md "Output", as values).
public struct DocumentsResult: Sendable {
    public var asOf: Instant
    public var asOfDate: LocalDate
    public var findings: [DocumentFinding] = []
    public var notJudged: [NotJudged] = []
}

/// Why an input cannot be evaluated: the error code (`act_not_in_force`, `act_validity_uncertain`,
/// `calendar_not_covered`), a message, the JSON path of the field that gives the date.
public struct DocumentsError: Error, Sendable {
    public var code: String
    public var message: String
    public var path: String
    public init(code: String, message: String, path: String) { self.code = code; self.message = message; self.path = path }
}

/// MODEL-REG-2008 applied to a body's documents as of an instant (docs/reference/documents.md). Each part of the decree is
/// its own file: correspondence (§12–17, §19), drafts (§21–26), control (§31–36), plans (§4), the collegium (§7–9),
/// legal monitoring (§29-3).
public enum Documents {
    /// asOf's date: local, in the body's zone, as every date of the input is (docs/reference/documents.md) — the day
    /// the evaluation counts from, and the last day a fact may bear.
    public static func asOfDate(_ asOf: Instant, _ schedule: Schedule, calendar: KazakhCalendar) throws(CalendarError) -> LocalDate {
        try calendar.localDay(seconds: asOf.secondsSinceEpoch, zone: try calendar.zones.resolve(schedule.timeZone))
    }

    public static func evaluate(_ input: DocumentsInput, calendar: KazakhCalendar) throws(DocumentsError) -> DocumentsResult {
        // The decree's own validity first, then the calendar (docs/reference/documents.md: "Validity is checked before the calendar").
        try RelevantDates.check(input, calendar: calendar)
        var ctx = try Context(input, calendar: calendar)
        for (i, letter) in input.incoming.enumerated() { ctx.path = "$.incoming[\(i)]"; try Correspondence.judge(letter, &ctx) }
        for (i, o) in input.outgoing.enumerated() { ctx.path = "$.outgoing[\(i)]"; Correspondence.judge(o, &ctx) }
        for (i, c) in input.controlled.enumerated() { ctx.path = "$.controlled[\(i)]"; try Control.judge(c, &ctx) }
        for (i, d) in input.drafts.enumerated() { ctx.path = "$.drafts[\(i)]"; try Drafts.judge(d, &ctx) }
        for (i, p) in input.plans.enumerated() { ctx.path = "$.plans[\(i)]"; try Plans.judge(p, &ctx) }
        if let c = input.collegium { ctx.path = "$.collegium"; try CollegiumRules.judge(c, &ctx) }
        if let m = input.monitoring { ctx.path = "$.monitoring"; try MonitoringRules.judge(m, &ctx) }
        if let s = input.controlService { ctx.path = "$.controlService"; try Control.judgeLists(s, &ctx) }
        var result = DocumentsResult(asOf: input.asOf, asOfDate: ctx.asOfDate)
        // Sorted by section, subject, code (docs/reference/documents.md "Output"); a subject's periods in time order.
        result.findings = ctx.findings.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.section != b.section { return a.section.rawValue < b.section.rawValue }
            if a.subject != b.subject { return byCodePoint(a.subject, b.subject) }
            if a.code != b.code { return a.code.rawValue < b.code.rawValue }
            return x.offset < y.offset
        }.map(\.element)
        result.notJudged = ctx.notJudged.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.section != b.section { return a.section.rawValue < b.section.rawValue }
            if a.subject != b.subject { return byCodePoint(a.subject, b.subject) }
            if a.place != b.place { return a.place < b.place }
            return x.offset < y.offset
        }.map(\.element)
        return result
    }
}

/// The evaluation's state: asOf, the calendar and the body's zone, the findings so far, and the counting of
/// docs/reference/documents.md "Counting".
struct Context {
    let asOf: Instant
    let asOfDate: LocalDate
    let nextWorkingDay: LocalDate
    let calendar: KazakhCalendar
    let zone: ZoneTable.Resolved
    let schedule: Schedule
    var path = "$"
    var findings: [DocumentFinding] = []
    var notJudged: [NotJudged] = []
    var recorded: [String: LocalDate] = [:]

    init(_ input: DocumentsInput, calendar: KazakhCalendar) throws(DocumentsError) {
        try self.init(asOf: input.asOf, schedule: input.schedule, calendar: calendar)
        recorded = input.recorded
    }

    init(asOf: Instant, schedule: Schedule, calendar: KazakhCalendar) throws(DocumentsError) {
        self.asOf = asOf; self.calendar = calendar; self.schedule = schedule
        do {
            zone = try calendar.zones.resolve(schedule.timeZone)
            asOfDate = try Documents.asOfDate(asOf, schedule, calendar: calendar)
            nextWorkingDay = try calendar.addWorkingDays(asOfDate, 1)
        } catch {
            throw DocumentsError(code: error.code, message: error.description, path: "$.asOf")
        }
    }

    func covered<T>(_ body: () throws(CalendarError) -> T) throws(DocumentsError) -> T {
        do { return try body() } catch { throw DocumentsError(code: error.code, message: error.description, path: path) }
    }

    // MARK: counting

    /// `n` working days from `from` (not counted).
    func workingDays(_ n: Int, after from: LocalDate) throws(DocumentsError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.addWorkingDays(from, n) }
    }
    /// A day moved to the next working day when it is not one (`nonWorkingLastDayMoves`, `fixedDateNonWorkingMoves`).
    func moved(_ d: LocalDate) throws(DocumentsError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.nextWorkingDay(onOrAfter: d) }
    }
    /// "One working day before T": the last working day before T.
    func workingDayBefore(_ t: LocalDate) throws(DocumentsError) -> LocalDate {
        var d = t.adding(days: -1)
        while try !covered({ () throws(CalendarError) in try calendar.isWorkingDay(d) }) { d = d.adding(days: -1) }
        return d
    }
    func isWorkingDay(_ d: LocalDate) throws(DocumentsError) -> Bool { try covered { () throws(CalendarError) in try calendar.isWorkingDay(d) } }
    /// The local date of an instant in the body's zone.
    func localDay(_ i: Instant) throws(DocumentsError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.localDay(seconds: i.secondsSinceEpoch, zone: zone) }
    }
    func offset(_ i: Instant) -> Int { zone.offset(i.secondsSinceEpoch) }

    // MARK: the paragraph's wording

    /// Whether the paragraph at `place` can be applied to an item dated `date`; if not, one `notJudged` entry.
    mutating func applies(_ place: String, _ section: Section, _ subject: String, _ date: LocalDate, period: String? = nil) -> Bool {
        guard let reason = Validity.notJudged(place, on: date) else { return true }
        let entry = NotJudged(section: section, subject: subject, place: place, relevantDate: date, reason: reason, period: period)
        if !notJudged.contains(entry) { notJudged.append(entry) }
        return false
    }

    // MARK: findings

    mutating func add(_ code: DocumentCode, _ section: Section, _ subject: String, relevant: LocalDate, message: LocalizedText,
                      _ fill: (inout DocumentFinding) -> Void = { _ in }) {
        let place = code.places[0]
        var f = DocumentFinding(section: section, subject: subject, code: code, severity: code.severity, citation: code.citation,
                                wording: Wording.of(place), relevantDate: relevant, message: message)
        if Validity.unpublishedAmendment.contains(place) { f.caveat = Validity.caveat }
        fill(&f)
        findings.append(f)
    }

    /// A rule broken outright: what was found, in words.
    mutating func broken(_ code: DocumentCode, _ section: Section, _ subject: String, relevant: LocalDate, _ detail: LocalizedText,
                         _ fill: (inout DocumentFinding) -> Void = { _ in }) {
        add(code, section, subject, relevant: relevant,
            message: Texts.broken.render(["subject": "\(subject)", "what": .init(code.label), "detail": .init(detail)]), fill)
    }

    /// A dated obligation (docs/reference/documents.md "Counting"): missed when its act is dated after the due date, or there
    /// is no act and asOf's date is past it; not yet done and due on asOf's date or the next working day — a warning
    /// (`deadline_approaching`, never for the developer's own §23 term).
    mutating func term(_ code: DocumentCode, _ section: Section, _ subject: String, relevant: LocalDate, due: LocalDate, done: LocalDate?,
                       period: String? = nil, severity: Severity? = nil, entry: String? = nil) {
        if let done {
            guard done > due else {
                checkRecorded(entry, code: code, section, subject, relevant: relevant, claimed: done, due: due, period: period)
                return
            }
            let late = due.days(until: done)
            add(code, section, subject, relevant: relevant, message: lateMessage(code, subject, due, .init(Texts.done(done, late: late)))) {
                $0.due = due; $0.actual = done; $0.lateDays = late; $0.period = period
                if let severity { $0.severity = severity }
            }
        } else if asOfDate > due {
            let late = due.days(until: asOfDate)
            add(code, section, subject, relevant: relevant, message: lateMessage(code, subject, due, .init(Texts.notDone(asOfDate, late: late)))) {
                $0.due = due; $0.lateDays = late; $0.period = period
                if let severity { $0.severity = severity }
            }
        } else if due <= nextWorkingDay, code != .revisionTermMissed {
            approaching(code, section, subject, relevant: relevant, due: due, period: period)
        }
    }

    mutating func approaching(_ code: DocumentCode, _ section: Section, _ subject: String, relevant: LocalDate, due: LocalDate, period: String? = nil) {
        let message = Texts.approaching.render(["subject": "\(subject)", "what": .init(code.label), "due": "\(due)"])
        add(.deadlineApproaching, section, subject, relevant: relevant, message: message) {
            $0.wording = Wording.of(code.places[0])
            $0.citation = code.citation + (code.places.contains("§34") ? [] : [Citation(.modelReg2008, "§34")])
            $0.caveat = Validity.unpublishedAmendment.contains(code.places[0]) ? Validity.caveat : nil
            $0.due = due; $0.obligation = code; $0.period = period
        }
    }

    func lateMessage(_ code: DocumentCode, _ subject: String, _ due: LocalDate, _ outcome: MessageTemplate.Value) -> LocalizedText {
        Texts.late.render(["subject": "\(subject)", "what": .init(code.label), "due": "\(due)", "outcome": outcome])
    }
}

/// One dated term of an item, as the decree sets it and the evaluation judges it: what it is (the code of its breach),
/// how it is counted (`term` from `from`; nil where a person set the date or the act says "N days before"), its due and
/// the day it was done. The pages show the same terms with their count day by day.
public struct DatedTerm: Sendable {
    public var code: DocumentCode
    public var term: Term?
    public var from: LocalDate?
    public var due: LocalDate
    public var done: LocalDate?
    /// A severity other than the code's (§25: the developer's own delay).
    public var severity: Severity?
    /// The item's field that records `done` (for `recorded_after_term`).
    public var field: String?
    public init(_ code: DocumentCode, term: Term? = nil, from: LocalDate? = nil, due: LocalDate, done: LocalDate?, severity: Severity? = nil, field: String? = nil) {
        self.code = code; self.term = term; self.from = from; self.due = due; self.done = done; self.severity = severity; self.field = field
    }
}

extension Documents {
    /// A controlled document's terms (§34 the control term, §36 the draft reply, §32 the plan), as of `asOf`.
    public static func terms(of c: Controlled, asOf: Instant, schedule: Schedule = Schedule(), calendar: KazakhCalendar) throws(DocumentsError) -> [DatedTerm] {
        try Control.terms(c, try Context(asOf: asOf, schedule: schedule, calendar: calendar))
    }
    /// A draft's approval steps (§22, §23, §25, §26), as of `asOf` (which decides whether §23's remarks are due yet).
    public static func terms(of d: Draft, asOf: Instant, schedule: Schedule = Schedule(), calendar: KazakhCalendar) throws(DocumentsError) -> [DatedTerm] {
        try Drafts.terms(d, try Context(asOf: asOf, schedule: schedule, calendar: calendar))
    }
    /// A controlled document's extensions in the order §33 applies them: each with whether it applied (granted on or
    /// before the term then in force; a later one is ignored and the breach stands) and that term.
    public static func extensions(of c: Controlled) -> [(extension: Controlled.Extension, applied: Bool, termBefore: LocalDate)] {
        Control.extensions(c)
    }
    /// A letter's intake (§12) and clocks (§15, §16, §17).
    public static func intake(of l: Incoming, schedule: Schedule = Schedule(), calendar: KazakhCalendar) throws(DocumentsError) -> Intake {
        try Correspondence.intake(l, try Context(asOf: l.arrivedAt, schedule: schedule, calendar: calendar))
    }
}
