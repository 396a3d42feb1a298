import Foundation
import Hummingbird
import LegalCore
import RiskAssessment
import WebKit

/// PS-RISK-2023's part of the server: its two JSON routes (`RiskAPI`), the risk and checklist pages
/// (`RiskPages`), their documentation, translations, templates and navigation.
public struct RiskWeb: WebFeature {
    let criteria: RiskCriteria
    let resources = WebResources(bundle: Bundle.module)
    public let translations: [Language: [String: String]]
    public let templates: [String: String]
    /// The input the risk page starts from before anyone has run an assessment.
    let demoInput: String

    public init(criteria: RiskCriteria) throws {
        self.criteria = criteria
        translations = try resources.translations()
        templates = try resources.templates()
        demoInput = String(decoding: try resources.data("demo-risk.json"), as: UTF8.self)
    }

    public var permissions: [RoutePermission] { RiskAPI.routes }

    public var navigation: [NavItem] {
        [NavItem(href: "/risk", label: "nav_risk", route: RiskAPI.assess), NavItem(href: "/checklist", label: "nav_checklist", route: RiskAPI.scoreChecklist)]
    }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        RiskAPI(store: platform.store, criteria: criteria, authorize: { try platform.authorize($0, $1) }).register(api)
        if let kit = platform.pages { RiskPages(kit: kit, store: platform.store, calendar: platform.calendar, criteria: criteria, demoInput: demoInput).register(root) }
    }

    public var operations: [APIOperation] {
        [
            APIOperation(method: "post", path: "/api/v1/risk", id: "assessRisk", summary: "Risk assessment as `rasim risk` (docs/reference/risk.md)", route: RiskAPI.assess, request: "RiskInput",
                         success: (200, "RiskResult"), errors: [400, 413, 422]),
            APIOperation(method: "post", path: "/api/v1/checklists/score", id: "scoreChecklist", summary: "Score a filled checklist as `rasim checklist score`", route: RiskAPI.scoreChecklist, request: "ChecklistAnswers",
                         success: (200, "ChecklistResult"), errors: [400, 413, 422]),
        ]
    }

    public var schemas: [(String, String)] {
        [
            ("RiskInput", APIDocument.Schemas.fill(##"{"type": "object", "required": ["asOf", "subjects"], "properties": {"asOf": @DATE@, "subjects": {"type": "array", "items": {"type": "object", "required": ["id", "objective"], "properties": {"id": @NETEXT@, "name": {"anyOf": [{"type": "null"}, @TEXT@]}, "bin": {"anyOf": [{"type": "null"}, @BIN@]}, "lastVisit": {"anyOf": [{"type": "null"}, @DATE@]}, "objective": {"type": "object", "required": ["servicesRenderedLast6Months", "complaintsToAuthorizedBodyLast6Months", "art465LiabilityLastYear", "negativeMediaLastYear", "inspectionsLastYear", "refusalsInInternalControlReport"], "properties": {"servicesRenderedLast6Months": @COUNT@, "complaintsToAuthorizedBodyLast6Months": @COUNT@, "art465LiabilityLastYear": {"type": "boolean"}, "negativeMediaLastYear": {"type": "boolean"}, "inspectionsLastYear": @COUNT@, "refusalsInInternalControlReport": {"type": "boolean"}}}, "subjective": {"type": ["object", "null"], "required": ["violated"], "properties": {"assessed": {"type": ["array", "null"], "uniqueItems": true, "items": {"type": "integer", "minimum": 1, "maximum": 35}}, "violated": {"type": "array", "uniqueItems": true, "items": {"type": "integer", "minimum": 1, "maximum": 35}}}}}}}}}"##)),
            ("Subjective", ##"{"type": "object", "required": ["grossViolated", "significant", "minor", "score", "exactScore", "category"], "properties": {"grossViolated": {"type": "array", "items": {"type": "integer"}}, "significant": {"type": "object"}, "minor": {"type": "object"}, "score": {"type": "number"}, "exactScore": {"type": "string"}, "category": {"type": "string", "enum": ["high", "not_high"]}}}"##),
            ("RiskResult", ##"{"type": "object", "required": ["subjects", "list"], "properties": {"subjects": {"type": "array", "items": {"type": "object", "required": ["id", "objective", "subjective", "needsVisit", "eligible", "citation"], "properties": {"id": {"type": "string"}, "objective": {"type": "object", "required": ["high", "criteria"], "properties": {"high": {"type": "boolean"}, "criteria": {"type": "array", "items": {"type": "integer"}}}}, "subjective": {"$ref": "#/components/schemas/Subjective"}, "needsVisit": {"type": "boolean"}, "eligible": {"type": "boolean"}, "citation": {"type": "array", "items": {"type": "string"}}, "readings": {"type": "array", "items": {"type": "string"}}}}}, "list": {"type": "object", "required": ["approvalDue", "subjects", "citation"], "properties": {"approvalDue": {"type": "string", "format": "date"}, "subjects": {"type": "array", "items": {"type": "string"}}, "citation": {"type": "array", "items": {"type": "string"}}}}}}"##),
            ("ChecklistAnswers", APIDocument.Schemas.fill(##"{"type": "object", "required": ["subject", "answers"], "properties": {"subject": @NETEXT@, "bin": {"anyOf": [{"type": "null"}, @BIN@]}, "answers": {"type": "array", "items": {"type": "object", "required": ["requirement", "complies"], "properties": {"requirement": {"type": "integer", "minimum": 1, "maximum": 19}, "complies": {"type": "boolean"}}}}}}"##)),
            ("ChecklistResult", ##"{"type": "object", "required": ["subject", "answered", "assessed", "violated", "subjective", "riskInput", "citation"], "properties": {"subject": {"type": "string"}, "answered": {"type": "integer", "minimum": 0}, "assessed": {"type": "array", "items": {"type": "integer"}}, "violated": {"type": "array", "items": {"type": "integer"}}, "subjective": {"$ref": "#/components/schemas/Subjective"}, "riskInput": {"type": "object"}, "citation": {"type": "array", "items": {"type": "string"}}}}"##),
        ]
    }
}
