import LegalCore

/// The finding codes of docs/reference/practice.md, each with the paragraphs it rests on. The decree grades nothing:
/// every finding is a `violation` (a duty or term not met), the early warning a `warning`.
public enum PracticeCode: String, CaseIterable, Sendable, Comparable {
    case publicServiceInRegistry = "public_service_in_registry"
    case registryEntryIncomplete = "registry_entry_incomplete"
    case instructionMissing = "instruction_missing"
    case instructionIncomplete = "instruction_incomplete"
    case instructionNotApprovedByHead = "instruction_not_approved_by_head"
    case instructionNotPlaced = "instruction_not_placed"
    case actualizationTermBreach = "actualization_term_breach"
    case knowledgeBaseReviewMissed = "knowledge_base_review_missed"
    case reportTermBreach = "report_term_breach"
    case courtCaseIncomplete = "court_case_incomplete"
    case lostCaseMeasuresMissing = "lost_case_measures_missing"
    case modelActFormMissing = "model_act_form_missing"
    case targetIndicatorMissing = "target_indicator_missing"
    case targetIndicatorNotDecreasing = "target_indicator_not_decreasing"
    case deadlineApproaching = "deadline_approaching"
    /// A term met by a fact entered only after it ran out (`RecordedFact`: Rasim's rule of evidence, beyond the contract's 14).
    case recordedAfterTerm = "recorded_after_term"

    public static func < (a: PracticeCode, b: PracticeCode) -> Bool { a.rawValue < b.rawValue }

    public var severity: Severity { self == .deadlineApproaching || self == .recordedAfterTerm ? .warning : .violation }

    /// The paragraphs it rests on (a warning cites its duty's: see `PracticeFinding`).
    public var citations: [Citation] {
        func c(_ places: String...) -> [Citation] { places.map { Citation(.admPractice2025, $0) } }
        switch self {
        case .publicServiceInRegistry: return c("§8")
        case .registryEntryIncomplete: return c("§8", "App.1")
        case .instructionMissing: return c("§5.2", "§8", "§9")
        case .instructionIncomplete: return c("§9", "App.2")
        case .instructionNotApprovedByHead: return c("§9")
        case .instructionNotPlaced: return c("§11")
        case .actualizationTermBreach: return c("§13")
        case .knowledgeBaseReviewMissed: return c("§11")
        case .reportTermBreach: return c("§16")
        case .courtCaseIncomplete: return c("§16", "App.3")
        case .lostCaseMeasuresMissing: return c("§13", "§16", "App.3", "App.4")
        case .modelActFormMissing: return c("§5.3", "§7")
        case .targetIndicatorMissing, .targetIndicatorNotDecreasing: return c("§5.7")
        case .deadlineApproaching: return c("§13")
        case .recordedAfterTerm: return c("§11", "§13", "§16")
        }
    }
}

/// A finding of ADM-PRACTICE-2025 about one subject of one body: a procedure, a court case, a report period, a
/// quarter or a year.
public struct PracticeFinding: Sendable {
    public var body: String
    public var subject: String
    public var code: PracticeCode
    public var citation: [Citation]
    public var changedOn: LocalDate?
    public var due: LocalDate?
    public var actual: LocalDate?
    /// Calendar days from `due` to `actual`, or to `asOf` while not done.
    public var lateDays: Int?
    /// App.1 columns, App.2 rows or App.3 columns left empty, ascending.
    public var missing: [Int]?
    public var version: String?
    public var targetPercent: Rational?
    public var previousSharePercent: Rational?
    public var message: LocalizedText
    public var severity: Severity { code.severity }

    init(body: String, subject: String, code: PracticeCode, citation: [Citation]? = nil, message: LocalizedText) {
        self.body = body; self.subject = subject; self.code = code; self.citation = citation ?? code.citations; self.message = message
    }
}
