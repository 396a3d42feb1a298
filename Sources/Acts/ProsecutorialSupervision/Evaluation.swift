import LegalCore
import WorkCalendar

/// What `Supervision.evaluate` answers (docs/reference/supervision.md "Output", as values). A subject outside the order's
/// life, or one resting on reworded paragraphs in a wording window, has its validity and nulls.
public struct SupervisionResult: Sendable {
    public struct ProtestTerm: Sendable, Equatable { public var tauliks: Int; public var from: LocalDate; public var due: LocalDate }
    public struct CaseRow: Sendable {
        public var id: String
        public var validity: ValidityStatus
        public var categories: [Category]?
        public var mandatory: Bool?
        public var studyGrounds: [String]?
        public var routing: Routing?
        public var protestTerm: ProtestTerm?
        public var conclusionDue: LocalDate?
    }
    public struct ApplicationRow: Sendable {
        public var id: String
        public var validity: ValidityStatus
        public var missing: [String]?
        public var expectedHandling: String?
        public var requisitionRequired: Bool?
        public var requisitionDue: LocalDate?
        public var courtDue: LocalDate?
        public var explainRightToAppeal: Bool?
    }
    public struct ReportRow: Sendable { public var id: String; public var validity: ValidityStatus; public var due: LocalDate? }
    public struct Scheduled: Sendable { public var period: Period; public var due: LocalDate }
    public struct KPIs: Sendable {
        public struct Appeal: Sendable { public var onProtest, annulledOrChanged, excluded: Int; public var percent: Rational? }
        public struct Satisfaction: Sendable { public var considered, unsatisfied, adjustedUnsatisfied, withdrawn, returned: Int; public var percent: Rational? }
        public struct Response: Sendable { public var onMotion, total: Int; public var percent: Rational? }
        public var from: LocalDate
        public var to: LocalDate
        public var validity: ValidityStatus
        public var appealProtestEffectiveness: Appeal?
        public var protestSatisfaction: Satisfaction?
        public var responseEffectiveness: Response?
    }
    public var asOf: LocalDate
    public var cases: [CaseRow] = []
    public var applications: [ApplicationRow] = []
    public var reports: [ReportRow] = []
    /// Per report kind, in `Report.Kind.allCases` order: the earliest period due on or after asOf.
    public var schedule: [(kind: Report.Kind, next: Scheduled?)] = []
    public var kpis: KPIs?
    public var findings: [SupervisionFinding] = []
}

/// Why an input cannot be evaluated: the error code, a message, the JSON path.
public struct SupervisionError: Error, Sendable {
    public var code: String
    public var message: String
    public var path: String
    public init(code: String, message: String, path: String) { self.code = code; self.message = message; self.path = path }
}

/// PROSEC-ADM-2015 applied to offices, cases, applications and reports as of a day (docs/reference/supervision.md).
public enum Supervision {
    public static func evaluate(_ input: SupervisionInput, calendar: KazakhCalendar) throws(SupervisionError) -> SupervisionResult {
        var ctx = try Context(asOf: input.asOf, calendar: calendar)
        var result = SupervisionResult(asOf: input.asOf)
        let offices = Dictionary(input.offices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var judged: [String: (row: SupervisionResult.CaseRow, c: Case)] = [:]
        for (i, c) in input.cases.enumerated() {
            ctx.path = "$.cases[\(i)]"
            let row = try Cases.judge(c, offices: offices, &ctx)
            judged[c.id] = (row, c)
            result.cases.append(row)
        }
        for (i, a) in input.applications.enumerated() {
            ctx.path = "$.applications[\(i)]"
            guard let (row, c) = judged[a.caseID] else { continue }  // the reader refuses an unknown case
            result.applications.append(try Applications.judge(a, case: c, caseRow: row, &ctx))
        }
        for (i, r) in input.reports.enumerated() {
            ctx.path = "$.reports[\(i)]"
            result.reports.append(try Reports.judge(r, &ctx))
        }
        ctx.path = "$.asOf"
        result.schedule = try Reports.schedule(&ctx)
        if let period = input.kpiPeriod {
            result.kpis = Indicators.compute(period, cases: result.cases.compactMap { row in judged[row.id].map { ($0.row, $0.c) } })
        }
        result.findings = ctx.findings.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.subjectKind != b.subjectKind { return a.subjectKind < b.subjectKind }
            if a.subject != b.subject { return byCodePoint(a.subject, b.subject) }
            if a.code != b.code { return a.code.rawValue < b.code.rawValue }
            return x.offset < y.offset
        }.map(\.element)
        return result
    }
}

/// The evaluation's state: the day, the calendar, the findings so far, and the counting conventions of
/// docs/reference/supervision.md "Counting" (start day excluded; a non-working last day moves to the next working day).
struct Context {
    let asOf: LocalDate
    let calendar: KazakhCalendar
    let nextWorkingDay: LocalDate
    var path = "$"
    var findings: [SupervisionFinding] = []

    init(asOf: LocalDate, calendar: KazakhCalendar) throws(SupervisionError) {
        self.asOf = asOf; self.calendar = calendar
        do { nextWorkingDay = try calendar.addWorkingDays(asOf, 1) } catch {
            throw SupervisionError(code: "calendar_not_covered", message: error.description, path: "$.asOf")
        }
    }

    func covered<T>(_ body: () throws(CalendarError) -> T) throws(SupervisionError) -> T {
        do { return try body() } catch { throw SupervisionError(code: "calendar_not_covered", message: error.description, path: path) }
    }

    /// `n` тәулік (or calendar days) after `from`, a non-working last day moved to the next working day.
    func days(_ n: Int, after from: LocalDate) throws(SupervisionError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.nextWorkingDay(onOrAfter: from.adding(days: n)) }
    }

    /// `n` working days after `from`.
    func workingDays(_ n: Int, after from: LocalDate) throws(SupervisionError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.addWorkingDays(from, n) }
    }

    /// A fixed date, moved off a non-working day.
    func moved(_ d: LocalDate) throws(SupervisionError) -> LocalDate {
        try covered { () throws(CalendarError) in try calendar.nextWorkingDay(onOrAfter: d) }
    }

    mutating func add(_ kind: SubjectKind, _ subject: String, _ code: SupervisionCode, _ citation: [Citation], _ message: LocalizedText,
                      _ fill: (inout SupervisionFinding) -> Void = { _ in }) {
        var f = SupervisionFinding(subjectKind: kind, subject: subject, code: code, citation: citation, message: message)
        fill(&f)
        findings.append(f)
    }

    /// The marker of a subject outside the order's life or in a wording window.
    mutating func marker(_ kind: SubjectKind, _ subject: String, _ status: ValidityStatus) {
        let code: SupervisionCode = status.outside ? .outsideValidity : .wordingNotHeld
        add(kind, subject, code, [status.markerCitation], Texts.marker(status, subject: subject)) { $0.validity = status }
    }

    /// A dated term: done on or before `due` — in time; done later — late, `actual` that day; not done, due before asOf —
    /// late, measured to asOf; not done, due asOf or the next working day — `deadline_approaching`.
    mutating func term(_ kind: SubjectKind, _ subject: String, _ obligation: Obligation, due: LocalDate, done: LocalDate?, citation: [Citation],
                       workingDays: Bool, protest: String? = nil) throws(SupervisionError) {
        let end = done ?? asOf
        if let done, done <= due { return }
        if done == nil, due >= asOf {
            guard due <= nextWorkingDay else { return }
            add(kind, subject, .deadlineApproaching, citation, Texts.approaching(obligation, subject: subject, due: due)) {
                $0.obligation = obligation; $0.due = due; $0.protest = protest
            }
            return
        }
        let late = Int(end.dayNumber - due.dayNumber)
        let lateWorking = workingDays ? try covered { () throws(CalendarError) in try calendar.workingDaysBetween(due, end) } : nil
        add(kind, subject, obligation.lateCode, citation, Texts.late(obligation, subject: subject, due: due, actual: done, asOf: asOf, days: late)) {
            $0.obligation = obligation; $0.due = due; $0.actual = done; $0.lateDays = late; $0.lateWorkingDays = lateWorking; $0.protest = protest
        }
    }
}


func cite(_ places: String...) -> [Citation] { places.map { Citation(.prosecAdm2015, $0) } }
