import LegalCore

/// The finding codes of docs/reference/check.md — each with its severity, the PS-RISK-2023 App.1 criterion it
/// falls under, its citations and its stage — written once, here.
public enum FindingCode: String, CaseIterable, Sendable, Comparable {
    case complaintTermBreach = "complaint_term_breach"
    case deadlineApproaching = "deadline_approaching"
    case documentsFromSystemsDemanded = "documents_from_systems_demanded"
    case excessDocuments = "excess_documents"
    case incompletePackageServed = "incomplete_package_served"
    case lateRegistration = "late_registration"
    case notRecordedInMonitoring = "not_recorded_in_monitoring"
    case outOfQueue = "out_of_queue"
    case paymentForFreeService = "payment_for_free_service"
    case refusalTermBreach = "refusal_term_breach"
    case refusalUnfounded = "refusal_unfounded"
    case refusalWithoutHearing = "refusal_without_hearing"
    case refusalWithoutReasons = "refusal_without_reasons"
    case routingFailure = "routing_failure"
    case termBreach = "term_breach"
    case unauthorizedSignature = "unauthorized_signature"

    public static func < (a: FindingCode, b: FindingCode) -> Bool { a.rawValue < b.rawValue }

    /// The PS-RISK-2023 App.1 criterion (#8–17, #21) the finding falls under; nil for the two non-violations.
    public var criterion: Int? {
        switch self {
        case .lateRegistration, .refusalTermBreach, .refusalWithoutHearing, .unauthorizedSignature, .outOfQueue: return 14
        case .termBreach: return 16
        case .excessDocuments: return 11
        case .documentsFromSystemsDemanded: return 10
        case .incompletePackageServed: return 12
        case .refusalWithoutReasons, .refusalUnfounded: return 15
        case .notRecordedInMonitoring: return 8
        case .paymentForFreeService: return 9
        case .complaintTermBreach: return 17
        case .routingFailure, .deadlineApproaching: return nil
        }
    }

    public var severity: Severity {
        switch self {
        case .documentsFromSystemsDemanded, .notRecordedInMonitoring: return .significant
        case .routingFailure: return .none
        case .deadlineApproaching: return .warning
        default: return .gross
        }
    }

    public enum Stage: String, Sendable { case reception, review, decision }

    public var stage: Stage {
        switch self {
        case .lateRegistration, .routingFailure, .notRecordedInMonitoring: return .reception
        case .refusalTermBreach, .incompletePackageServed, .outOfQueue, .deadlineApproaching: return .review
        case .excessDocuments, .documentsFromSystemsDemanded, .paymentForFreeService: return .review // reception when before registration
        case .termBreach, .refusalWithoutReasons, .refusalWithoutHearing, .refusalUnfounded, .unauthorizedSignature, .complaintTermBreach: return .decision
        }
    }

    /// The criterion first, then the case of PS-VIOLATIONS-2025 that illustrates it (cases numbered in the seed's
    /// order of headings, docs/reference/check.md v1.1: Stage III case 12 «НАҚТЫ СЕБЕПТЕРДІ КӨРСЕТПЕЙ БАС ТАРТУ ҰСЫНУ», no
    /// specific reasons; case 13 «ТЫҢДАУ РӘСІМІН ӨТКІЗБЕУ», no hearing).
    public var citations: [Citation] {
        let c = criterion.map { [Citation(.psRisk2023, "App.1 #\($0)")] } ?? []
        let v = ActID.psViolations2025
        switch self {
        case .lateRegistration: return c + [Citation(v, "Stage I case 1"), Citation(v, "Stage I case 2")]
        case .termBreach: return c + [Citation(v, "Stage II case 9"), Citation(v, "Stage III case 14")]
        case .refusalTermBreach: return c + [Citation(v, "Stage II case 10")]
        case .excessDocuments: return c + [Citation(v, "Stage II case 7")]
        case .documentsFromSystemsDemanded: return c + [Citation(v, "Stage I case 5")]
        case .incompletePackageServed: return c + [Citation(v, "Stage II case 8")]
        case .refusalWithoutReasons: return c + [Citation(v, "Stage III case 12")]
        case .refusalWithoutHearing: return c + [Citation(v, "Stage III case 13")]
        case .refusalUnfounded: return c + [Citation(v, "Stage III case 11")]
        case .unauthorizedSignature: return c + [Citation(v, "Stage III case 15")]
        case .notRecordedInMonitoring: return c + [Citation(v, "Stage I case 4")]
        case .paymentForFreeService: return c
        case .outOfQueue: return c + [Citation(v, "Stage II case 6")]
        case .complaintTermBreach: return c + [Citation(.psRisk2023, "App.1 #21")]
        case .routingFailure: return [Citation(v, "Stage I case 3")]
        case .deadlineApproaching: return [Citation(v, "Stage III recommendations"), Citation(.psRisk2023, "App.1 #16")]
        }
    }

    /// What the rule requires, in words (the explanation's "requirement").
    public var requirement: LocalizedText {
        switch self {
        case .lateRegistration:
            return LocalizedText(kk: "Өтініш түскен күні тіркелуі тиіс.", ru: "Заявление должно быть зарегистрировано в день поступления.", en: "An application must be registered on the day it is received.")
        case .termBreach:
            return LocalizedText(kk: "Қызмет көрсету нәтижесі (немесе бас тарту) белгіленген мерзімде берілуі тиіс.", ru: "Результат оказания услуги (или отказ) должен быть выдан в установленный срок.", en: "The result (or refusal) must be given within the service's term.")
        case .refusalTermBreach:
            return LocalizedText(kk: "Құжаттар толық болмаса, өтінішті қараудан бас тарту қағидаларда белгіленген мерзімде жасалуы тиіс.", ru: "При неполном пакете документов отказ в рассмотрении должен быть дан в срок, установленный правилами.", en: "A refusal to consider an incomplete package must come within the term the service's rules set.")
        case .excessDocuments:
            return LocalizedText(kk: "Қағидаларда көзделмеген құжаттарды талап етуге болмайды.", ru: "Нельзя требовать документы, не предусмотренные правилами.", en: "No document beyond those the rules require may be demanded.")
        case .documentsFromSystemsDemanded:
            return LocalizedText(kk: "Ақпараттық жүйелерден алынатын құжаттарды көрсетілетін қызметті алушыдан талап етуге болмайды.", ru: "Нельзя требовать от услугополучателя документы, получаемые из информационных систем.", en: "Documents the provider obtains from information systems may not be demanded from the applicant.")
        case .incompletePackageServed:
            return LocalizedText(kk: "Құжаттар топтамасы толық болмаса, қызмет көрсетілмейді.", ru: "Услуга не оказывается при неполном пакете документов.", en: "No service may be delivered on an incomplete package.")
        case .refusalWithoutReasons:
            return LocalizedText(kk: "Бас тарту нақты негіздерін көрсетуі тиіс.", ru: "Отказ должен содержать конкретные основания.", en: "A refusal must state its specific reasons.")
        case .refusalUnfounded:
            return LocalizedText(kk: "Бас тарту қызметтің өтініш түскен күні қолданыста болған қағидаларында көзделген негізге ғана сүйене алады.", ru: "Отказ может опираться только на основание, предусмотренное правилами услуги, действовавшими на день поступления заявления.", en: "A refusal may rest only on a ground the service's rules in force on the receipt day allow.")
        case .refusalWithoutHearing:
            return LocalizedText(kk: "Бас тартудан бұрын тыңдау рәсімі өткізілуі тиіс.", ru: "Перед отказом должна быть проведена процедура заслушивания.", en: "The hearing procedure must precede a refusal.")
        case .unauthorizedSignature:
            return LocalizedText(kk: "Нәтижеге тек өкілетті лауазымды тұлға, жұмыста болған кезде қол қояды.", ru: "Результат подписывает только уполномоченное лицо и не в период его отсутствия.", en: "Only an authorized official, and not while absent, may sign the result.")
        case .notRecordedInMonitoring:
            return LocalizedText(kk: "Әр кезең туралы деректер мониторинг ақпараттық жүйесіне енгізілуі тиіс.", ru: "Данные о каждом этапе должны вноситься в информационную систему мониторинга.", en: "Data on each stage must be entered into the monitoring information system.")
        case .paymentForFreeService:
            return LocalizedText(kk: "Тегін қызмет үшін ақы талап етілмейді.", ru: "За бесплатную услугу плата не взимается.", en: "No payment may be demanded for a free service.")
        case .outOfQueue:
            return LocalizedText(kk: "Кезек тәртібі сақталуы тиіс.", ru: "Должен соблюдаться порядок очерёдности.", en: "The queue order must be kept.")
        case .complaintTermBreach:
            return LocalizedText(kk: "Шағым тіркелген күнінен бастап 5 жұмыс күні ішінде қаралуы тиіс.", ru: "Жалоба должна быть рассмотрена в течение 5 рабочих дней со дня регистрации.", en: "A complaint must be answered within 5 working days of its registration.")
        case .routingFailure:
            return LocalizedText(kk: "Электрондық өтініш көрсетілетін қызметті берушінің жүйесіне жетуі тиіс.", ru: "Электронное заявление должно поступить в систему услугодателя.", en: "An electronic application must reach the provider's system.")
        case .deadlineApproaching:
            return LocalizedText(kk: "Жүйе мерзім өтпей тұрып ескертуі тиіс.", ru: "Система должна предупреждать до истечения срока.", en: "The system must warn before a deadline passes.")
        }
    }
}
