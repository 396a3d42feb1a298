import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import ProsecutorialSupervision
import WebKit

/// PROSEC-ADM-2015's part of the server: its routes (`SupervisionAPI`), its roles (a prosecutor of an office, a
/// supervising prosecutor of the offices below), its pages, their documentation (docs/reference/supervision.md "HTTP").
public struct SupervisionWeb: WebFeature {
    let resources = WebResources(bundle: Bundle.module)
    public let translations: [Language: [String: String]]
    public let templates: [String: String]

    public init() throws {
        translations = try resources.translations()
        templates = try resources.templates()
    }

    public var roles: [RoleDeclaration] {
        [RoleDeclaration(SupervisionAPI.prosecutor, home: "/supervision"), RoleDeclaration(SupervisionAPI.supervisor, home: "/supervision")]
    }
    /// The demo's prosecutor of Karasai district and the oblast's supervising prosecutor.
    public var demoLogins: [DemoLogin] {
        [DemoLogin(username: "prosecutor", role: SupervisionAPI.prosecutor, organizations: [SupervisionDemo.district]),
         DemoLogin(username: "supervisor", role: SupervisionAPI.supervisor, organizations: [SupervisionDemo.oblast])]
    }
    public var permissions: [RoutePermission] { SupervisionAPI.routes }
    public var navigation: [NavItem] { [NavItem(href: "/supervision", label: "nav_supervision", route: SupervisionAPI.listFindings)] }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        let supervision = SupervisionAPI(store: platform.store, calendar: platform.calendar, authorize: { try platform.authorize($0, $1) })
        supervision.register(api)
        if let kit = platform.pages { SupervisionPages(kit: kit, api: supervision).register(root) }
    }

    static func query(_ name: String, _ schema: String) -> String {
        "{\"name\": \"\(name)\", \"in\": \"query\", \"required\": false, \"schema\": \(schema)}"
    }
    static let date = "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.date)]}"

    public var operations: [APIOperation] {
        let writeErrors = [400, 403, 409, 413, 422]
        return [
            APIOperation(method: "post", path: "/api/v1/supervision/evaluate", id: "evaluateSupervision",
                         summary: "Judge prosecutorial supervision as `rasim supervision` (docs/reference/supervision.md)", route: SupervisionAPI.evaluate,
                         request: "SupervisionInput", success: (200, "SupervisionResult"), errors: [400, 413, 422],
                         example: .init(uri: "/api/v1/supervision/evaluate", body: SupervisionDemo.evaluateExample)),
            APIOperation(method: "post", path: "/api/v1/supervision/offices", id: "addSupervisionOffice",
                         summary: "Record a prosecutor's office (one offices[] entry); it becomes an organization users can belong to",
                         route: SupervisionAPI.addOffice, request: "SupervisionOffice", success: (201, "SupervisionStored"), errors: writeErrors,
                         example: .init(uri: "/api/v1/supervision/offices", body: #"{"id": "matrix-office", "kind": "territorial", "level": "district", "locations": ["matrix-town"], "parent": "almaty-oblast"}"#,
                                        before: [.init("post", "/api/v1/supervision/offices", #"{"id": "almaty-oblast", "name": "Алматы облысының прокуратурасы", "kind": "territorial", "level": "oblast", "locations": ["almaty-oblast"]}"#),
                                                 .init("post", "/api/v1/supervision/offices", #"{"id": "karasai", "name": "Қарасай ауданының прокуратурасы", "kind": "territorial", "level": "district", "locations": ["karasai"], "parent": "almaty-oblast"}"#),
                                                 .init("post", "/api/v1/supervision/cases", #"{"id": "MATRIX-BASE", "kind": "offence", "courtLocation": "karasai", "prosecutorParticipated": true, "decidedOn": "2017-02-01", "outcome": "penalty"}"#)])),
            APIOperation(method: "post", path: "/api/v1/supervision/cases", id: "addSupervisionCase",
                         summary: "Record a court case (one cases[] entry) — 409 when its id is stored", route: SupervisionAPI.addCase,
                         request: "SupervisionCase", success: (201, "SupervisionStored"), errors: writeErrors,
                         example: .init(uri: "/api/v1/supervision/cases", body: #"{"id": "MATRIX-CASE", "kind": "offence", "courtLocation": "karasai", "prosecutorParticipated": true, "decidedOn": "2017-03-01", "outcome": "penalty"}"#)),
            APIOperation(method: "post", path: "/api/v1/supervision/applications", id: "addSupervisionApplication",
                         summary: "Record an application for a protest (one applications[] entry)", route: SupervisionAPI.addApplication,
                         request: "SupervisionApplication", success: (201, "SupervisionStored"), errors: writeErrors,
                         example: .init(uri: "/api/v1/supervision/applications", body: #"{"id": "MATRIX-APP", "case": "MATRIX-BASE", "kind": "appeal_protest", "receivedOn": "2017-03-05"}"#)),
            APIOperation(method: "post", path: "/api/v1/supervision/reports", id: "addSupervisionReport",
                         summary: "Record a report an office owes (one reports[] entry)", route: SupervisionAPI.addReport,
                         request: "SupervisionReport", success: (201, "SupervisionStored"), errors: writeErrors,
                         example: .init(uri: "/api/v1/supervision/reports", body: #"{"id": "MATRIX-REP", "office": "karasai", "kind": "quarterly_analysis", "period": "2017-Q1", "submittedOn": "2017-03-24"}"#)),
            APIOperation(method: "get", path: "/api/v1/supervision/cases/{id}", id: "getSupervisionCase",
                         summary: "A stored case, its result and findings as of a day (default: today in Asia/Almaty)", route: SupervisionAPI.getCase,
                         request: nil, success: (200, "SupervisionCaseJudged"), errors: [400, 404, 422], parameters: [Self.query("asOf", Self.date)],
                         example: .init(uri: "/api/v1/supervision/cases/MATRIX-BASE?asOf=2017-06-01")),
            APIOperation(method: "get", path: "/api/v1/supervision/findings", id: "listSupervisionFindings",
                         summary: "Findings of the cases, applications and reports the caller sees, by code, office and period, as of a day",
                         route: SupervisionAPI.listFindings, request: nil, success: (200, "SupervisionFindings"), errors: [400, 403, 422],
                         parameters: [Self.query("asOf", Self.date), Self.query("from", Self.date), Self.query("to", Self.date),
                                      Self.query("office", "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.id)]}"),
                                      Self.query("code", "{\"enum\": [\"\", " + SupervisionCode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]}")],
                         example: .init(uri: "/api/v1/supervision/findings?asOf=2017-06-01")),
        ]
    }

    public var schemas: [(String, String)] {
        func object(_ required: [String], _ properties: [(String, String)], closed: Bool = false) -> String { APIDocument.Schemas.object(required, properties, closed: closed) }
        func array(_ items: String) -> String { APIDocument.Schemas.array(items) }
        func values<T: RawRepresentable & CaseIterable>(_ t: T.Type) -> String where T.RawValue == String { APIDocument.Schemas.oneOf(T.allCases.map(\.rawValue)) }
        let boolean = "{\"type\": \"boolean\"}"
        let line = "{\"type\": \"string\", \"pattern\": \(JSONText.string(TextRule.linePattern))}"
        let office = object(["id", "kind", "level", "locations"], [
            ("id", "@ID@"), ("name", line), ("kind", values(Office.Kind.self)), ("level", values(Office.Level.self)),
            ("locations", array("@ID@")), ("parent", "@ID@")])
        let protest = object(["id", "stage", "filedOn", "by"], [
            ("id", "@ID@"), ("stage", values(Protest.Stage.self)), ("filedOn", "@DATE@"), ("by", values(ProsecutorRole.self)), ("onProposal", boolean),
            ("outcome", values(Protest.Outcome.self)), ("requestedBy", values(Protest.RequestedBy.self)), ("decidedOn", "@DATE@")])
        let appeal = object(["decidedOn", "result", "prosecutorParticipated"], [
            ("decidedOn", "@DATE@"), ("result", values(Appeal.Result.self)), ("prosecutorParticipated", boolean),
            ("exclusion", object(["reason", "decisionOn"], [("reason", values(Appeal.Exclusion.Reason.self)), ("decisionOn", "@DATE@"),
                                                            ("requestedOn", "@DATE@"), ("consented", boolean)]))])
        let courtCase = object(["id", "kind", "courtLocation", "decidedOn", "outcome", "prosecutorParticipated"], [
            ("id", "@ID@"), ("kind", values(Case.Kind.self)), ("courtLocation", "@ID@"), ("aocChapter", #"{"type": "integer", "minimum": 1, "maximum": 999}"#),
            ("spheres", array(values(Case.Sphere.self))), ("obligationCase", values(Case.ObligationCase.self)), ("minor", boolean),
            ("sanctionsProvided", array(values(Case.Sanction.self))), ("militaryStatus", values(Case.MilitaryStatus.self)),
            ("initiator", object([], [("kind", values(Case.Initiator.Kind.self)), ("office", "@ID@"), ("unit", line), ("transport", boolean)])),
            ("requiredByHigherProsecutor", boolean), ("specializedNotified", boolean), ("prosecutorParticipated", boolean), ("decidedOn", "@DATE@"),
            ("outcome", values(Case.Outcome.self)), ("copyReceivedOn", "@DATE@"), ("studiedOn", "@DATE@"), ("studyResult", values(Case.StudyResult.self)),
            ("enteredIntoForceOn", "@DATE@"), ("conclusionApprovedOn", "@DATE@"), ("protests", array(protest)), ("appeal", appeal),
            ("privateResolutions", array(object(["issuedOn"], [("issuedOn", "@DATE@"), ("onProsecutorMotion", boolean),
                                                                ("confirmedBy", array(APIDocument.Schemas.oneOf(["court_act", "hearing_record", "written_conclusion"])))])))])
        let application = object(["id", "case", "kind", "receivedOn"], [
            ("id", "@ID@"), ("case", "@ID@"), ("kind", values(Application.Kind.self)), ("receivedOn", "@DATE@"), ("reachedExaminerOn", "@DATE@"),
            ("requisitionInstructedOn", "@DATE@"), ("requestReachedCourtOn", "@DATE@"), ("courtSentCaseOn", "@DATE@"),
            ("contents", object([], Application.contentItems.map { ($0, boolean) }, closed: true)),
            ("signedBy", values(Application.Signer.self)), ("powerOfAttorney", boolean), ("certifiedCopies", boolean), ("handling", values(Application.Handling.self))])
        let report = object(["id", "office", "kind", "period"], [
            ("id", "@ID@"), ("office", "@ID@"), ("kind", values(Report.Kind.self)),
            ("period", #"{"type": "string", "pattern": "^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$"}"#), ("submittedOn", "@DATE@")])
        let input = object(["asOf", "offices", "cases"], [
            ("asOf", "@DATE@"), ("offices", array(office)), ("cases", array(courtCase)), ("applications", array(application)), ("reports", array(report)),
            ("kpiPeriod", object(["from", "to"], [("from", "@DATE@"), ("to", "@DATE@")]))])
        let fill = { (s: String) in APIDocument.Schemas.fill(s) }
        let findings = ##"{"type": "array", "items": {"type": "object", "required": ["subjectKind", "subject", "code", "severity", "citation", "message"]}}"##
        return [("SupervisionInput", fill(input)), ("SupervisionOffice", fill(office)), ("SupervisionCase", fill(courtCase)),
                ("SupervisionApplication", fill(application)), ("SupervisionReport", fill(report)),
                ("SupervisionResult", ##"{"type": "object", "required": ["asOf", "cases", "applications", "reports", "schedule", "kpis", "findings", "summary"], "properties": {"asOf": {"type": "string", "format": "date"}, "cases": {"type": "array"}, "applications": {"type": "array"}, "reports": {"type": "array"}, "schedule": {"type": "object"}, "findings": "## + findings + ##", "summary": {"type": "object"}}}"##),
                ("SupervisionStored", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"##),
                ("SupervisionCaseJudged", ##"{"type": "object", "required": ["asOf", "case", "result", "findings"], "properties": {"asOf": {"type": "string", "format": "date"}, "case": {"type": "object"}, "result": {"type": "object"}, "findings": "## + findings + ##"}}"##),
                ("SupervisionFindings", ##"{"type": "object", "required": ["findings"], "properties": {"findings": "## + findings + ##"}}"##)]
    }
}
