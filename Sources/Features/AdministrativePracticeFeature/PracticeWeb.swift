import AdministrativePractice
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import WorkCalendar
import WebKit

/// ADM-PRACTICE-2025's part of the server: its routes (`PracticeAPI`), its role (a body's legal service), their
/// documentation (docs/reference/practice.md "HTTP").
public struct PracticeWeb: WebFeature {
    let resources = WebResources(bundle: Bundle.module)
    public let translations: [Language: [String: String]]
    public let templates: [String: String]

    public init() throws {
        translations = try resources.translations()
        templates = try resources.templates()
    }

    public var roles: [RoleDeclaration] { [RoleDeclaration(PracticeAPI.legalService)] }
    /// The demo's legal service: akimat-abai's, whose registry the demo keeps.
    public var demoLogins: [DemoLogin] { [DemoLogin(username: "legal", role: PracticeAPI.legalService, organizations: ["akimat-abai"])] }
    public var permissions: [RoutePermission] { PracticeAPI.routes }
    public var navigation: [NavItem] { [NavItem(href: "/practice", label: "nav_practice", route: PracticeAPI.getBody)] }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        let practice = PracticeAPI(store: platform.store, calendar: platform.calendar, authorize: { try platform.authorize($0, $1) })
        practice.register(api)
        if let kit = platform.pages { PracticePages(kit: kit, api: practice).register(root) }
    }

    /// The dashboard's section: the dated duties of the bodies the viewer sees (§11, §13, §16) — overdue, and due within
    /// `DashboardSection.horizonDays` — soonest first.
    public func dashboard(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection? {
        guard v.may(PracticeAPI.getBody) else { return nil }
        let bodies = try await PracticeAPI.stored(ctx.store, visible: v.id.visibleOrganizations)
        guard !bodies.isEmpty else { return nil }
        let result = try await PracticeAPI.judged(ctx.store, calendar: ctx.calendar, bodies: bodies, asOf: ctx.today)
        let names = try await ctx.store.organizationNames(lang: v.lang.rawValue)
        let words = PracticeWords(i18n: ctx.i18n)
        let horizon = ctx.today.adding(days: DashboardSection.horizonDays)
        let duties = result.duties.filter { $0.due <= horizon }.map { d in
            DashboardSection.Duty(due: d.due, what: words.duty(d, v.lang), organization: names[d.body] ?? d.body,
                                  href: PracticeWords.href(d), citation: d.citation)
        }
        return DashboardSection(act: .admPractice2025, title: ctx.i18n.t("practice_dashboard_title", v.lang), duties: duties, href: "/practice")
    }

    public var operations: [APIOperation] {
        return [
            APIOperation(method: "post", path: "/api/v1/practice/evaluate", id: "evaluatePractice",
                         summary: "Judge bodies' administrative practice as `rasim practice` (docs/reference/practice.md)", route: PracticeAPI.evaluate,
                         request: "PracticeInput", success: (200, "PracticeResult"), errors: [400, 413, 422],
                         example: .init(uri: "/api/v1/practice/evaluate", body: #"{"asOf": "2025-11-20", "bodies": [{"id": "b", "kind": "district", "procedures": [{"id": "P-1", "listedOn": "2025-03-01"}]}]}"#)),
            APIOperation(method: "put", path: "/api/v1/practice/bodies/{id}", id: "putPracticeBody",
                         summary: "Store an organization's registry under ADM-PRACTICE-2025 (one bodies[] entry); its history is appended, never rewritten (409)",
                         route: PracticeAPI.putBody, request: "PracticeBody", success: (200, "PracticeBodyStored"), errors: [400, 403, 404, 409, 413, 422],
                         // A demo organization's registry (the reading examples below read it).
                         example: .init(uri: "/api/v1/practice/bodies/akimat-abai", body: #"{"id": "akimat-abai", "kind": "district"}"#,
                                        before: [.init("put", "/api/v1/practice/bodies/akimat-abai", #"{"id": "akimat-abai", "kind": "district"}"#)])),
            APIOperation(method: "get", path: "/api/v1/practice/bodies/{id}", id: "getPracticeBody",
                         summary: "A stored body's reports, indicator and findings as of a day (default: today in Astana)", route: PracticeAPI.getBody,
                         request: nil, success: (200, "PracticeBodyJudged"), errors: [400, 404, 422], parameters: [Self.asOfParameter],
                         example: .init(uri: "/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20")),
            APIOperation(method: "get", path: "/api/v1/practice/findings", id: "listPracticeFindings",
                         summary: "Findings of the stored bodies the caller sees, by body and code, as of a day", route: PracticeAPI.listFindings,
                         request: nil, success: (200, "PracticeFindings"), errors: [400, 403, 422],
                         parameters: [Self.asOfParameter, Self.query("body", "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.id)]}"),
                                      Self.query("code", "{\"enum\": [\"\", " + PracticeCode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]}")],
                         example: .init(uri: "/api/v1/practice/findings?asOf=2025-11-20")),
        ]
    }

    static func query(_ name: String, _ schema: String) -> String {
        "{\"name\": \"\(name)\", \"in\": \"query\", \"required\": false, \"schema\": \(schema)}"
    }
    static let asOfParameter = query("asOf", "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.date)]}")

    public var schemas: [(String, String)] {
        func object(_ required: [String], _ properties: [(String, String)], closed: Bool = false) -> String { APIDocument.Schemas.object(required, properties, closed: closed) }
        func array(_ items: String, unique: Bool = false) -> String { APIDocument.Schemas.array(items, unique: unique) }
        func texts(_ keys: [String]) -> String { object([], keys.map { ($0, "@TEXT@") }, closed: true) }
        let boolean = "{\"type\": \"boolean\"}"
        let decision = object(["date", "outcome"], [("caseNumber", "@TEXT@"), ("date", "@DATE@"), ("outcome", #"{"enum": ["for_body", "against_body", "other"]}"#), ("content", "@TEXT@")])
        let anyDecision = "{\"anyOf\": [{\"type\": \"object\", \"maxProperties\": 0}, \(decision)]}"
        let instruction = object(["version", "approvedOn", "approverRole"], [
            ("version", "@NETEXT@"), ("approvedOn", "@DATE@"), ("placedOn", "@DATE@"),
            ("approverRole", #"{"enum": ["head", "acting_head", "deputy_head", "apparatus_head", "other"]}"#), ("app2", texts(["name"] + (1...16).map(String.init)))])
        let procedure = object(["id", "listedOn"], [
            ("id", "@ID@"), ("listedOn", "@DATE@"), ("publicService", boolean), ("app1", texts((1...8).map(String.init))),
            ("orderChanges", array("@DATE@", unique: true)), ("actFormInLaw", boolean),
            ("modelForms", array(object(["approvedOn"], [("approvedOn", "@DATE@")]))), ("instructions", array(instruction))])
        let courtCase = object(["id", "field", "filedOn", "pretrial"], [
            ("id", "@ID@"), ("field", "@NETEXT@"), ("procedure", "@ID@"), ("filedOn", "@DATE@"),
            ("act", object([], [("name", "@TEXT@"), ("content", "@TEXT@"), ("adoptedOn", "@DATE@")])),
            ("pretrial", object(["held"], [("held", boolean), ("by", "@TEXT@"), ("act", "@TEXT@"), ("reason", "@TEXT@")])),
            ("claim", "@TEXT@"), ("firstInstance", anyDecision), ("appeal", anyDecision), ("cassation", anyDecision), ("inForceOn", "@DATE@"),
            ("annulmentReasons", "@TEXT@"), ("preventiveMeasures", "@TEXT@"), ("causeMeasures", "@TEXT@"),
            ("privateRulings", array(object([], [("content", "@TEXT@"), ("action", "@TEXT@")])))])
        // The body's name: one line of text, as the reader takes it (`Fields.optionalName`), empty allowed.
        let line = "{\"type\": \"string\", \"pattern\": \(JSONText.string(TextRule.linePattern))}"
        let period = #"{"type": "string", "pattern": "^(202[5-9]|20[3-9][0-9]|2[1-9][0-9]{2}|[3-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(06|12)$"}"#
        let body = object(["id", "kind"], [
            ("id", "@ID@"), ("name", line),
            ("kind", #"{"enum": ["central", "central_department", "oblast", "republican_city", "capital", "district", "oblast_city", "other"]}"#),
            ("procedures", array(procedure)), ("knowledgeBaseReviews", array("@DATE@")), ("courtCases", array(courtCase)),
            ("reports", array(object(["period", "submittedOn"], [("period", period), ("submittedOn", "@DATE@")]))),
            ("targets", array(object(["year", "percent"], [("year", #"{"type": "integer", "minimum": 2000, "maximum": 9999}"#),
                                                           ("percent", #"{"type": "number", "minimum": 0, "maximum": 100}"#)])))])
        let result = ##"{"type": "object", "required": ["asOf", "bodies", "reports", "indicator", "findings", "summary"], "properties": {"asOf": {"type": "string", "format": "date"}, "bodies": {"type": "array"}, "reports": {"type": "array"}, "indicator": {"type": "array"}, "findings": {"type": "array", "items": {"type": "object", "required": ["body", "subject", "code", "severity", "citation", "message"]}}, "summary": {"type": "object"}}}"##
        let judged = ##"{"type": "object", "required": ["asOf", "id", "covered", "reports", "indicator", "findings"], "properties": {"asOf": {"type": "string", "format": "date"}, "id": {"type": "string"}, "covered": {"type": "boolean"}, "reports": {"type": "array"}, "indicator": {"type": "array"}, "findings": {"type": "array"}}}"##
        return [("PracticeInput", APIDocument.Schemas.fill("{\"type\": \"object\", \"required\": [\"asOf\", \"bodies\"], \"properties\": {\"asOf\": @DATE@, \"bodies\": {\"type\": \"array\", \"items\": \(body)}}}")),
                ("PracticeResult", result),
                ("PracticeBody", APIDocument.Schemas.fill(body)),
                ("PracticeBodyStored", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"##),
                ("PracticeBodyJudged", judged),
                ("PracticeFindings", ##"{"type": "object", "required": ["findings"], "properties": {"findings": {"type": "array", "items": {"type": "object", "required": ["body", "subject", "code", "severity", "citation", "message"]}}}}"##)]
    }
}
