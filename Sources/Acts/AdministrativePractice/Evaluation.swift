import LegalCore
import WorkCalendar

/// What `Practice.evaluate` answers (docs/reference/practice.md's output, as values).
public struct PracticeResult: Sendable {
    public struct BodyStatus: Sendable { public var id: String; public var covered: Bool }
    public enum ReportStatus: String, Sendable { case onTime = "on_time", late, overdue, pending }
    public struct ReportRow: Sendable {
        public var body: String
        public var period: HalfYear
        public var due: LocalDate
        public var submittedOn: LocalDate?
        public var status: ReportStatus
        public var casesInProceedings: Int
        public var decisionsForBody: Int
        public var decisionsAgainstBody: Int
        public var fields: [String]
    }
    public struct IndicatorRow: Sendable {
        public var body: String
        public var year: Int
        /// Final cases decided for or against the body, with `finalOn` in the year.
        public var decided: Int
        /// Of them, lost (the act found illegal).
        public var illegal: Int
        /// Percentages, exact.
        public var share: Rational?
        public var target: Rational?
        public var previousShare: Rational?
        public var met: Bool?
    }
    public var asOf: LocalDate
    public var bodies: [BodyStatus]
    public var reports: [ReportRow]
    public var indicator: [IndicatorRow]
    public var findings: [PracticeFinding]
    /// The dated duties not yet done as of `asOf` — running or overdue (`PracticeDuty`); not part of the command's output.
    public var duties: [PracticeDuty] = []
}

/// A dated duty of the decree a body has still to do on `asOf`: bring an instruction up to date (§13), review the
/// knowledge base in the running quarter (§11), submit a report (§16). Overdue once `asOf` is past `due`; the
/// workspace lists them, soonest first, beside every other act's terms.
public struct PracticeDuty: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case actualization, knowledgeBaseReview = "knowledge_base_review", report }
    public var body: String
    /// The procedure, the quarter (`2026-Q4`) or the report period (`2026-12`).
    public var subject: String
    public var kind: Kind
    public var due: LocalDate
    /// The change of the procedure's order the update answers (§13).
    public var changedOn: LocalDate?
    public var citation: [Citation] {
        switch kind {
        case .actualization: return PracticeCode.actualizationTermBreach.citations
        case .knowledgeBaseReview: return PracticeCode.knowledgeBaseReviewMissed.citations
        case .report: return PracticeCode.reportTermBreach.citations
        }
    }
}

/// Why an input cannot be evaluated: the contracts' error code, a message, the JSON path it concerns.
public struct PracticeError: Error, Sendable {
    public var code: String
    public var message: String
    public var path: String
    public init(code: String, message: String, path: String) { self.code = code; self.message = message; self.path = path }
}

/// ADM-PRACTICE-2025 applied to bodies as of a day (docs/reference/practice.md).
public enum Practice {
    /// §2 of the decree: in force from its signing.
    public static var inForceFrom: LocalDate { Acts.find(.admPractice2025)?.validity.from ?? LocalDate(year: 2025, month: 2, day: 28)! }
    /// The first whole quarter in force (§11's reviews are judged from it).
    static let firstQuarter = Quarter(year: 2025, number: 2)

    /// `recorded`: by body, the day each dated fact was entered in the registry, where the store kept it (`RecordedFact`).
    public static func evaluate(asOf: LocalDate, bodies: [Body], calendar: KazakhCalendar,
                                recorded: [String: [RecordedFact: LocalDate]] = [:]) throws(PracticeError) -> PracticeResult {
        guard asOf >= inForceFrom else {
            throw PracticeError(code: "act_not_in_force", message: "ADM-PRACTICE-2025 is in force from \(inForceFrom) (§2 of the decree); asOf \(asOf) is before it", path: "$.asOf")
        }
        var ctx = try Context(asOf: asOf, calendar: calendar)
        var result = PracticeResult(asOf: asOf, bodies: [], reports: [], indicator: [], findings: [])
        for (i, body) in bodies.enumerated().sorted(by: { byCodePoint($0.element.id, $1.element.id) }) {
            result.bodies.append(.init(id: body.id, covered: body.kind.covered))
            guard body.kind.covered else { continue }  // §1: outside the decree, nothing judged
            ctx.path = "$.bodies[\(i)]"
            ctx.body = body.id
            ctx.recorded = recorded[body.id] ?? [:]
            for (j, p) in body.procedures.enumerated() { try Registry.judge(p, path: ctx.path + ".procedures[\(j)]", &ctx) }
            try KnowledgeBase.judge(body, &ctx)
            let cases = CourtPractice.judge(body, &ctx)
            result.reports += try Reporting.reports(body, cases: cases, &ctx)
            result.indicator += Indicator.rows(body, cases: cases, &ctx)
        }
        // Order (docs/reference/practice.md): by body, subject (by code point), code, due, changedOn.
        result.findings = ctx.findings.sorted { a, b in
            if a.body != b.body { return byCodePoint(a.body, b.body) }
            if a.subject != b.subject { return byCodePoint(a.subject, b.subject) }
            if a.code != b.code { return a.code < b.code }
            if a.due != b.due { return (a.due?.dayNumber ?? .min) < (b.due?.dayNumber ?? .min) }
            return (a.changedOn?.dayNumber ?? .min) < (b.changedOn?.dayNumber ?? .min)
        }
        result.duties = ctx.duties.sorted { ($0.due, $0.body, $0.subject) < ($1.due, $1.body, $1.subject) }
        return result
    }
}

/// The evaluation's state: the day, the calendar, the findings so far.
struct Context {
    let asOf: LocalDate
    let calendar: KazakhCalendar
    /// The next working day after `asOf`: a duty due up to it is approaching.
    let nextWorkingDay: LocalDate
    var body = ""
    var path = "$"
    var findings: [PracticeFinding] = []
    var duties: [PracticeDuty] = []
    /// The current body's facts with the day each was entered (`RecordedFact`).
    var recorded: [RecordedFact: LocalDate] = [:]

    init(asOf: LocalDate, calendar: KazakhCalendar) throws(PracticeError) {
        self.asOf = asOf; self.calendar = calendar
        nextWorkingDay = try Context.covered("$.asOf") { () throws(CalendarError) in try calendar.addWorkingDays(asOf, 1) }
    }

    static func covered<T>(_ path: String, _ body: () throws(CalendarError) -> T) throws(PracticeError) -> T {
        do { return try body() } catch {
            throw PracticeError(code: "calendar_not_covered", message: error.description, path: path)
        }
    }

    /// A day falling on a non-working day moves to the next working day (CIVIL-CODE-1994 Ch. 6).
    func movedToWorkingDay(_ d: LocalDate, path: String) throws(PracticeError) -> LocalDate {
        try Context.covered(path) { () throws(CalendarError) in try calendar.nextWorkingDay(onOrAfter: d) }
    }

    /// Not done, and due between `asOf` and the next working day after it.
    func approaching(_ due: LocalDate) -> Bool { asOf <= due && due <= nextWorkingDay }

    /// A dated duty still to do.
    mutating func owe(_ subject: String, _ kind: PracticeDuty.Kind, due: LocalDate, changedOn: LocalDate? = nil) {
        duties.append(PracticeDuty(body: body, subject: subject, kind: kind, due: due, changedOn: changedOn))
    }

    /// Calendar days from `a` to `b`.
    static func days(_ a: LocalDate, _ b: LocalDate) -> Int { Int(b.dayNumber - a.dayNumber) }

    mutating func add(_ subject: String, _ m: Message, _ values: [String: MessageTemplate.Value], citation: [Citation]? = nil,
                      _ fill: (inout PracticeFinding) -> Void = { _ in }) {
        var f = PracticeFinding(body: body, subject: subject, code: m.code, citation: citation, message: m.text(values))
        fill(&f)
        findings.append(f)
    }
}


/// A text counts as given when it holds something other than white space.
func given(_ s: String?) -> Bool { s.map { $0.contains { !$0.isWhitespace } } ?? false }

/// A list of numbers as a message shows it.
func listed(_ numbers: [Int]) -> MessageTemplate.Value { "\(numbers.map(String.init).joined(separator: ", "))" }

/// A calendar quarter.
struct Quarter: Comparable, CustomStringConvertible {
    var year: Int
    var number: Int
    init(year: Int, number: Int) { self.year = year; self.number = number }
    init(_ d: LocalDate) { year = d.year; number = (d.month - 1) / 3 + 1 }
    var first: LocalDate { LocalDate(year: year, month: number * 3 - 2, day: 1)! }
    var last: LocalDate { LocalDate(year: year, month: number * 3, day: LocalDate.daysInMonth(year: year, month: number * 3))! }
    var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    var description: String { "\(year)-Q\(number)" }
    static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}
