import LegalCore

/// ADM-PRACTICE-2025 (Government Decree No. 111 of 28 Feb 2025): what a body keeps under the decree — its list of
/// administrative procedures (§8, App.1), an instruction per procedure (§5.2, §9, App.2) placed in the knowledge
/// base (§11) and kept current (§13), the base's quarterly reviews (§11), model forms of acts (§5.3, §7), its court
/// cases (App.3), its semi-annual reports (§16) and its yearly targets (§5.7). The readings the project took where
/// the decree is silent are docs/reference/practice.md's, each named where it is applied.
public struct Body: Sendable {
    /// §1: who the decree covers. `other` (e.g. a rural akim) is outside it: nothing is judged.
    public enum Kind: String, Sendable, CaseIterable {
        case central, centralDepartment = "central_department", oblast, republicanCity = "republican_city", capital, district
        case oblastCity = "oblast_city", other
        public var covered: Bool { self != .other }
    }
    public var id: String
    public var name: String?
    public var kind: Kind
    public var procedures: [Procedure]
    public var knowledgeBaseReviews: [LocalDate]
    public var courtCases: [CourtCase]
    public var reports: [ReportSubmission]
    public var targets: [Target]

    public init(id: String, name: String? = nil, kind: Kind, procedures: [Procedure] = [], knowledgeBaseReviews: [LocalDate] = [],
                courtCases: [CourtCase] = [], reports: [ReportSubmission] = [], targets: [Target] = []) {
        self.id = id; self.name = name; self.kind = kind; self.procedures = procedures; self.knowledgeBaseReviews = knowledgeBaseReviews
        self.courtCases = courtCases; self.reports = reports; self.targets = targets
    }
}

/// One administrative procedure of the body's list (§8, App.1).
public struct Procedure: Sendable {
    public var id: String
    public var listedOn: LocalDate
    /// A public service: it does not belong in this list (§8).
    public var publicService: Bool
    /// App.1's columns 1–8 by number (empty text: not given).
    public var app1: [Int: String]
    /// Days the procedure's order changed (in effect; a reading — docs/reference/practice.md).
    public var orderChanges: [LocalDate]
    /// Whether the law gives the form of the procedure's act (§5.3, §7); nil: not said, not judged.
    public var actFormInLaw: Bool?
    /// Days model forms of the act were approved.
    public var modelForms: [LocalDate]
    public var instructions: [Instruction]

    public init(id: String, listedOn: LocalDate, publicService: Bool = false, app1: [Int: String] = [:], orderChanges: [LocalDate] = [],
                actFormInLaw: Bool? = nil, modelForms: [LocalDate] = [], instructions: [Instruction] = []) {
        self.id = id; self.listedOn = listedOn; self.publicService = publicService; self.app1 = app1; self.orderChanges = orderChanges
        self.actFormInLaw = actFormInLaw; self.modelForms = modelForms; self.instructions = instructions
    }
}

/// A version of a procedure's instruction (App.2): a new version never overwrites an old one.
public struct Instruction: Sendable {
    /// Who approved it (§9: the head).
    public enum Approver: String, Sendable, CaseIterable {
        case head, actingHead = "acting_head", deputyHead = "deputy_head", apparatusHead = "apparatus_head", other
        /// The head, or the one acting as head (a reading — docs/reference/practice.md).
        public var isHead: Bool { self == .head || self == .actingHead }
    }
    public var version: String
    public var approvedOn: LocalDate
    public var placedOn: LocalDate?
    public var approver: Approver
    /// App.2's rows: `"name"` (the title row) and `"1"`–`"16"`.
    public var app2: [String: String]

    public init(version: String, approvedOn: LocalDate, placedOn: LocalDate? = nil, approver: Approver, app2: [String: String] = [:]) {
        self.version = version; self.approvedOn = approvedOn; self.placedOn = placedOn; self.approver = approver; self.app2 = app2
    }
}

/// A court case on one of the body's administrative acts (a row of App.3).
public struct CourtCase: Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// The claim dismissed.
        case forBody = "for_body"
        /// The claim met in whole or in part.
        case againstBody = "against_body"
        /// Terminated, returned, not considered, remanded.
        case other
    }
    public struct Decision: Sendable {
        public var caseNumber: String?
        public var date: LocalDate
        public var outcome: Outcome
        public var content: String?
        public init(caseNumber: String? = nil, date: LocalDate, outcome: Outcome, content: String? = nil) {
            self.caseNumber = caseNumber; self.date = date; self.outcome = outcome; self.content = content
        }
    }
    public struct PrivateRuling: Sendable {
        public var content: String?
        public var action: String?
        public init(content: String? = nil, action: String? = nil) { self.content = content; self.action = action }
    }
    public var id: String
    public var field: String
    public var procedure: String?
    public var filedOn: LocalDate
    /// Column 4: the act (name, content, date of adoption).
    public var actName: String?, actContent: String?, actAdoptedOn: LocalDate?
    /// Column 5: the pre-trial review.
    public var pretrialHeld: Bool
    public var pretrialBy: String?, pretrialAct: String?, pretrialReason: String?
    /// Column 6.
    public var claim: String?
    /// Columns 7–9.
    public var firstInstance: Decision?, appeal: Decision?, cassation: Decision?
    public var inForceOn: LocalDate?
    /// Columns 10–12.
    public var annulmentReasons: String?, preventiveMeasures: String?, causeMeasures: String?
    /// Column 13.
    public var privateRulings: [PrivateRuling]

    public init(id: String, field: String, procedure: String? = nil, filedOn: LocalDate, actName: String? = nil, actContent: String? = nil,
                actAdoptedOn: LocalDate? = nil, pretrialHeld: Bool, pretrialBy: String? = nil, pretrialAct: String? = nil,
                pretrialReason: String? = nil, claim: String? = nil, firstInstance: Decision? = nil, appeal: Decision? = nil,
                cassation: Decision? = nil, inForceOn: LocalDate? = nil, annulmentReasons: String? = nil, preventiveMeasures: String? = nil,
                causeMeasures: String? = nil, privateRulings: [PrivateRuling] = []) {
        self.id = id; self.field = field; self.procedure = procedure; self.filedOn = filedOn; self.actName = actName
        self.actContent = actContent; self.actAdoptedOn = actAdoptedOn; self.pretrialHeld = pretrialHeld; self.pretrialBy = pretrialBy
        self.pretrialAct = pretrialAct; self.pretrialReason = pretrialReason; self.claim = claim; self.firstInstance = firstInstance
        self.appeal = appeal; self.cassation = cassation; self.inForceOn = inForceOn; self.annulmentReasons = annulmentReasons
        self.preventiveMeasures = preventiveMeasures; self.causeMeasures = causeMeasures; self.privateRulings = privateRulings
    }

    /// Its decisions, lowest instance first.
    public var decisions: [Decision] { [firstInstance, appeal, cassation].compactMap { $0 } }
}

/// A semi-annual report as submitted (§16).
public struct ReportSubmission: Sendable {
    public var period: HalfYear
    public var submittedOn: LocalDate
    public init(period: HalfYear, submittedOn: LocalDate) { self.period = period; self.submittedOn = submittedOn }
}

/// A yearly target of the share of acts found illegal (§5.7), in percent.
public struct Target: Sendable {
    public var year: Int
    public var percent: Rational
    public init(year: Int, percent: Rational) { self.year = year; self.percent = percent }
}

/// A report's half-year (§16): `YYYY-06` covers 1 December of the year before to 31 May and is due by 10 June;
/// `YYYY-12` covers 1 June to 30 November and is due by 10 December (a reading — docs/reference/practice.md).
public struct HalfYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    /// 6 or 12.
    public var month: Int
    public init?(year: Int, month: Int) {
        guard month == 6 || month == 12, (1...9998).contains(year) else { return nil }
        self.year = year; self.month = month
    }
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }
    public var description: String { "\(year)-\(month == 6 ? "06" : "12")" }
    public var from: LocalDate { month == 6 ? LocalDate(year: year - 1, month: 12, day: 1)! : LocalDate(year: year, month: 6, day: 1)! }
    public var to: LocalDate { month == 6 ? LocalDate(year: year, month: 5, day: 31)! : LocalDate(year: year, month: 11, day: 30)! }
    /// 10 June or 10 December (before a non-working day moves it).
    public var nominalDue: LocalDate { LocalDate(year: year, month: month, day: 10)! }
    public var next: HalfYear { month == 6 ? HalfYear(year: year, month: 12)! : HalfYear(year: year + 1, month: 6)! }
    public static func < (a: HalfYear, b: HalfYear) -> Bool { (a.year, a.month) < (b.year, b.month) }
    /// The first report period (the decree in force from 28 Feb 2025).
    public static let first = HalfYear(year: 2025, month: 6)!
}

extension Body {
    /// What this new state of a body would rewrite of its stored history, nil when it only adds to it
    /// (docs/reference/practice.md: history is appended, never rewritten; the decree's instructions are approved
    /// documents, a new wording is a new version). Refused: an instruction version, a court decision or a
    /// submitted report dropped or changed. Allowed: a version placed later, a decision's number or content
    /// given where it was empty, anything new.
    public func rewrite(of stored: Body) -> String? {
        for old in stored.procedures {
            for v in old.instructions {
                guard let p = procedures.first(where: { $0.id == old.id }), let now = p.instructions.first(where: { $0.version == v.version }) else {
                    return "procedure \(old.id): instruction version \"\(v.version)\" is stored and cannot be dropped"
                }
                if now.approvedOn != v.approvedOn || now.approver != v.approver || now.app2 != v.app2 || (v.placedOn != nil && now.placedOn != v.placedOn) {
                    return "procedure \(old.id): instruction version \"\(v.version)\" is stored and cannot be changed; approve a new version"
                }
            }
        }
        for old in stored.courtCases {
            let now = courtCases.first { $0.id == old.id }
            for (name, was, is_) in [("firstInstance", old.firstInstance, now?.firstInstance), ("appeal", old.appeal, now?.appeal),
                                     ("cassation", old.cassation, now?.cassation)] {
                guard let was else { continue }
                guard let is_, is_.date == was.date, is_.outcome == was.outcome,
                      !given(was.caseNumber) || is_.caseNumber == was.caseNumber, !given(was.content) || is_.content == was.content else {
                    return "court case \(old.id): the \(name) decision is stored and cannot be dropped or changed"
                }
            }
        }
        for old in stored.reports where !reports.contains(where: { $0.period == old.period && $0.submittedOn == old.submittedOn }) {
            return "the report for \(old.period) submitted on \(old.submittedOn) is stored and cannot be dropped or changed"
        }
        return nil
    }
}
