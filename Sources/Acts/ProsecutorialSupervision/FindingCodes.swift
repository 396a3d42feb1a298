import LegalCore

/// The finding codes of docs/reference/supervision.md. The order grades nothing: a broken duty or term is a `violation`;
/// the validity markers and the court's own term are `none`; an early warning is a `warning`.
public enum SupervisionCode: String, CaseIterable, Sendable {
    case outsideValidity = "outside_validity", wordingNotHeld = "wording_not_held"
    case participationMissing = "participation_missing", appealParticipationMissing = "appeal_participation_missing"
    case specializedNotNotified = "specialized_not_notified", studyLate = "study_late", protestTermMissed = "protest_term_missed"
    case protestByUnauthorized = "protest_by_unauthorized", substantiveConclusionLate = "substantive_conclusion_late"
    case consentRequestLate = "consent_request_late", requisitionInstructionLate = "requisition_instruction_late"
    case courtRequisitionLate = "court_requisition_late", applicationNotReturned = "application_not_returned"
    case applicationReturnedWithoutGround = "application_returned_without_ground", reportLate = "report_late"
    case deadlineApproaching = "deadline_approaching"

    public var severity: Severity {
        switch self {
        case .outsideValidity, .wordingNotHeld, .courtRequisitionLate: return .none
        case .deadlineApproaching: return .warning
        default: return .violation
        }
    }
}

/// A dated term of the order, as findings name it (`obligation`).
public enum Obligation: String, Sendable, CaseIterable {
    case study, protest, conclusion, requisition, courtRequisition = "court_requisition", consentRequest = "consent_request", report

    /// The code of the term not met.
    var lateCode: SupervisionCode {
        switch self {
        case .study: return .studyLate
        case .protest: return .protestTermMissed
        case .conclusion: return .substantiveConclusionLate
        case .requisition: return .requisitionInstructionLate
        case .courtRequisition: return .courtRequisitionLate
        case .consentRequest: return .consentRequestLate
        case .report: return .reportLate
        }
    }

    /// What it is, in words.
    var label: LocalizedText {
        switch self {
        case .study: return LocalizedText(kk: "сот актісін зерделеу", ru: "изучение судебного акта", en: "study of the court act")
        case .protest: return LocalizedText(kk: "апелляциялық наразылық келтіру", ru: "принесение апелляционного протеста", en: "bringing an appeal protest")
        case .conclusion: return LocalizedText(kk: "мәні бойынша қорытынды", ru: "заключение по существу", en: "substantive conclusion")
        case .requisition: return LocalizedText(kk: "істі талап етуге тапсырма", ru: "поручение об истребовании дела", en: "instruction to requisition the case")
        case .courtRequisition: return LocalizedText(kk: "соттың істі жолдауы", ru: "направление дела судом", en: "the court sending the case")
        case .consentRequest: return LocalizedText(kk: "Департаменттің келісімін сұрау", ru: "запрос согласия Департамента", en: "request for the Department's consent")
        case .report: return LocalizedText(kk: "есеп беру", ru: "представление отчёта", en: "submitting the report")
        }
    }
}

/// What a finding is about.
public enum SubjectKind: String, Sendable, Comparable {
    case `case`, application, report
    var rank: Int { self == .case ? 0 : self == .application ? 1 : 2 }
    public static func < (a: SubjectKind, b: SubjectKind) -> Bool { a.rank < b.rank }
}

/// A finding of PROSEC-ADM-2015 about a case, an application or a report.
public struct SupervisionFinding: Sendable {
    public var subjectKind: SubjectKind
    public var subject: String
    public var code: SupervisionCode
    public var obligation: Obligation?
    public var due: LocalDate?
    public var actual: LocalDate?
    public var lateDays: Int?
    public var lateWorkingDays: Int?
    /// The protest concerned (`protest_term_missed`, `protest_by_unauthorized`).
    public var protest: String?
    /// The validity status (`outside_validity`, `wording_not_held`).
    public var validity: ValidityStatus?
    public var citation: [Citation]
    public var message: LocalizedText
    public var severity: Severity { code.severity }
}
