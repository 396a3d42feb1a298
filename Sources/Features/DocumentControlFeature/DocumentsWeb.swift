import DocumentControl
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import WebKit

/// MODEL-REG-2008's part of the server: its routes (`DocumentsAPI`), its roles (a documentation service, a head of a
/// unit), its pages, their documentation (docs/reference/documents.md "HTTP").
public struct DocumentsWeb: WebFeature {
    let resources = WebResources(bundle: Bundle.module)
    public let translations: [Language: [String: String]]
    public let templates: [String: String]

    public init() throws {
        translations = try resources.translations()
        templates = try resources.templates()
    }

    public var roles: [RoleDeclaration] {
        [RoleDeclaration(DocumentsAPI.service, home: "/documents"), RoleDeclaration(DocumentsAPI.unitHead, home: "/documents")]
    }
    /// The demo ministry's documentation service and the head of its legal department.
    public var demoLogins: [DemoLogin] {
        [DemoLogin(username: "docs", role: DocumentsAPI.service, organizations: [DocumentsDemo.body]),
         DemoLogin(username: "head", role: DocumentsAPI.unitHead, organizations: [DocumentsDemo.legalUnit])]
    }
    public var permissions: [RoutePermission] { DocumentsAPI.routes }
    public var navigation: [NavItem] { [NavItem(href: "/documents", label: "nav_documents", route: DocumentsAPI.listFindings)] }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        let documents = DocumentsAPI(store: platform.store, calendar: platform.calendar, authorize: { try platform.authorize($0, $1) })
        documents.register(api)
        if let kit = platform.pages { DocumentsPages(kit: kit, api: documents).register(root) }
    }

    static func query(_ name: String, _ schema: String) -> String {
        "{\"name\": \"\(name)\", \"in\": \"query\", \"required\": false, \"schema\": \(schema)}"
    }
    static let date = "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.date)]}"
    static let asOf = "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.date), \(APIDocument.Schemas.instant)]}"
    static let body = query("body", "{\"anyOf\": [{\"const\": \"\"}, \(APIDocument.Schemas.id)]}")

    /// What each section's example adds (the demo ministry's register has them all).
    static let examples: [(kind: DocumentsStore.Kind, schema: String, body: String)] = [
        (.incoming, "DocumentsIncoming", #"{"id": "MATRIX-IN", "sender": "state_body", "arrivedAt": "2016-04-12T10:00:00+06:00", "deliveredAt": "2016-04-12T11:00:00+06:00"}"#),
        (.outgoing, "DocumentsOutgoing", #"{"id": "MATRIX-OUT", "to": "pm_office", "signedOn": "2016-04-12"}"#),
        (.controlled, "DocumentsControlled", #"{"id": "MATRIX-C", "kind": "instruction", "receivedOn": "2016-04-12", "term": "2016-05-12"}"#),
        (.drafts, "DocumentsDraft", #"{"id": "MATRIX-D", "receivedOn": "2016-04-12"}"#),
        (.plans, "DocumentsPlan", #"{"id": "MATRIX-P", "kind": "quarterly", "periodStart": "2016-07-01", "draftedOn": "2016-06-10"}"#),
        (.meetings, "DocumentsMeeting", #"{"id": "MATRIX-K", "on": "2016-04-20", "members": 9, "present": 8}"#),
        (.summaries, "DocumentsSummary", #"{"id": "MATRIX-S", "month": "2016-03", "on": "2016-04-08"}"#),
        (.lists, "DocumentsList", #"{"id": "MATRIX-L", "on": "2016-04-15"}"#),
        (.settings, "DocumentsSettings", #"{"collegiumSince": "2016-01-01"}"#),
    ]

    public var operations: [APIOperation] {
        let writeErrors = [400, 403, 404, 409, 413, 422]
        let add = Self.examples.map { e in
            let section = e.kind.rawValue
            return APIOperation(method: "post", path: "/api/v1/documents/\(section)", id: "addDocuments" + section.prefix(1).uppercased() + section.dropFirst(),
                         summary: section == "settings" ? "Record the body's settings (schedule, the collegium's, monitoring's and control service's start) — once; later ones as facts"
                                                         : "Record one \(section) item of the body (`?body=`, else the caller's one organization) — 409 when its id is recorded",
                         route: DocumentsAPI.addItem(e.kind), request: e.schema, success: (201, "DocumentsStored"), errors: writeErrors, parameters: [Self.body],
                         example: .init(uri: "/api/v1/documents/\(section)?body=\(DocumentsDemo.body)", body: e.body))
        }
        return [
            APIOperation(method: "post", path: "/api/v1/documents/evaluate", id: "evaluateDocuments",
                         summary: "Judge a body's document control as `rasim documents` (docs/reference/documents.md)", route: DocumentsAPI.evaluate,
                         request: "DocumentsInput", success: (200, "DocumentsResult"), errors: [400, 413, 422],
                         example: .init(uri: "/api/v1/documents/evaluate", body: DocumentsDemo.evaluateExample)),
        ] + add + [
            APIOperation(method: "post", path: "/api/v1/documents/items/{id}/facts", id: "addDocumentsFact",
                         summary: "Record a new dated fact of an item (an event, an extension, a draft's step): it adds fields, never changes one (409)",
                         route: DocumentsAPI.addFact, request: "DocumentsFact", success: (201, "DocumentsFactStored"), errors: writeErrors, parameters: [Self.body],
                         example: .init(uri: "/api/v1/documents/items/MATRIX-FACT/facts?body=\(DocumentsDemo.body)", body: #"{"executedOn": "2016-05-10"}"#,
                                        before: [.init("post", "/api/v1/documents/controlled?body=\(DocumentsDemo.body)",
                                                       #"{"id": "MATRIX-FACT", "kind": "internal", "receivedOn": "2016-04-12", "term": "2016-05-12"}"#)])),
            APIOperation(method: "get", path: "/api/v1/documents/items/{id}", id: "getDocumentsItem",
                         summary: "An item with its facts, findings and paragraphs not judged, as of now (or `?asOf=`)", route: DocumentsAPI.getItem,
                         request: nil, success: (200, "DocumentsItemJudged"), errors: [400, 404, 422], parameters: [Self.body, Self.query("asOf", Self.asOf)],
                         example: .init(uri: "/api/v1/documents/items/MATRIX-BASE?body=\(DocumentsDemo.body)&asOf=2016-06-01",
                                        before: [.init("post", "/api/v1/documents/controlled?body=\(DocumentsDemo.body)",
                                                       #"{"id": "MATRIX-BASE", "kind": "internal", "receivedOn": "2016-04-12", "term": "2016-05-12", "unit": "\#(DocumentsDemo.legalUnit)"}"#)])),
            APIOperation(method: "get", path: "/api/v1/documents/findings", id: "listDocumentsFindings",
                         summary: "Findings of the bodies (and units) the caller reads, by code, section and relevant date, as of now (or `?asOf=`)",
                         route: DocumentsAPI.listFindings, request: nil, success: (200, "DocumentsFindings"), errors: [400, 403, 422],
                         parameters: [Self.body, Self.query("asOf", Self.asOf), Self.query("from", Self.date), Self.query("to", Self.date),
                                      Self.query("section", APIDocument.Schemas.oneOf([""] + Section.allCases.map(\.rawValue))),
                                      Self.query("code", APIDocument.Schemas.oneOf([""] + DocumentCode.allCases.map(\.rawValue)))],
                         example: .init(uri: "/api/v1/documents/findings?asOf=2016-06-01")),
        ]
    }

    public var schemas: [(String, String)] {
        func object(_ required: [String], _ properties: [(String, String)], closed: Bool = false) -> String { APIDocument.Schemas.object(required, properties, closed: closed) }
        func array(_ items: String, unique: Bool = false) -> String { APIDocument.Schemas.array(items, unique: unique) }
        func values<T: RawRepresentable & CaseIterable>(_ t: T.Type) -> String where T.RawValue == String { APIDocument.Schemas.oneOf(T.allCases.map(\.rawValue)) }
        let boolean = "{\"type\": \"boolean\"}"
        let number = #"{"type": "integer", "minimum": 0, "maximum": 10000}"#
        let time = #"{"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}"#
        let month = #"{"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}"#
        let unit = ("unit", "@ID@")
        let incoming = object(["id", "sender", "arrivedAt"], [
            ("id", "@ID@"), ("sender", values(Sender.self)), ("urgent", boolean), ("urgencyProofShown", boolean), ("basis", values(Incoming.Basis.self)),
            ("controlled", boolean), ("addressee", values(Incoming.Addressee.self)), ("details", array(values(Incoming.Detail.self), unique: true)),
            ("arrivedAt", "@INSTANT@"), ("returnedAt", "@INSTANT@"), ("registeredAt", "@INSTANT@"), ("deliveredAt", "@INSTANT@"),
            ("reviewedAt", "@INSTANT@"), ("answeredAt", "@INSTANT@"), unit])
        let outgoing = object(["id", "to", "signedOn"], [
            ("id", "@ID@"), ("to", values(Sender.self)), ("form", values(Outgoing.Form.self)), ("signedOn", "@DATE@"), ("controlVisa", boolean),
            ("controlVisaOn", "@DATE@"), ("letterhead", boolean), ("stateLanguage", boolean), unit])
        let extensionSchema = object(["to", "grantedOn"], [("to", "@DATE@"), ("grantedOn", "@DATE@")])
        let controlled = object(["id", "kind", "receivedOn", "term"], [
            ("id", "@ID@"), ("kind", values(Controlled.Kind.self)), ("receivedOn", "@DATE@"), ("term", "@DATE@"), ("extensions", array(extensionSchema)),
            ("executor", APIDocument.Schemas.name), ("planApprovedOn", "@DATE@"), ("toLeadershipOn", "@DATE@"), ("toFirstHeadOn", "@DATE@"),
            ("executedOn", "@DATE@"), unit])
        let draftSteps: [(String, String)] = [
            ("underDecree413", boolean),
            ("urgentInstruction", object(["deadline"], [("deadline", "@DATE@"), ("proposalDue", "@DATE@"), ("receivedOn", "@DATE@")])),
            ("proposalOn", "@DATE@"), ("conclusion", object(["on", "remarks"], [("on", "@DATE@"), ("remarks", boolean)])), ("visasOn", "@DATE@"),
            ("returnedOn", "@DATE@"), ("revised", object(["on"], [("on", "@DATE@"), ("complete", boolean)])), ("remarksOn", "@DATE@"),
            ("meeting", object(["on", "agreed"], [("on", "@DATE@"), ("agreed", boolean), ("revisedOn", "@DATE@")])), ("agreedOn", "@DATE@"),
            ("legalServiceAgreed", boolean)]
        let draft = object(["id", "receivedOn"], [("id", "@ID@"), ("receivedOn", "@DATE@")] + draftSteps + [unit])
        let plan = object(["id", "periodStart"], [("id", "@ID@"), ("kind", values(Plan.Kind.self)), ("periodStart", "@DATE@"), ("draftedOn", "@DATE@"),
                                                  ("approvedOn", "@DATE@")])
        let meeting = object(["id", "on", "members", "present"], [
            ("id", "@ID@"), ("on", "@DATE@"), ("members", #"{"type": "integer", "minimum": 1, "maximum": 10000}"#), ("present", number), ("substitutes", number),
            ("headOfStateInstructions", boolean), ("stenographed", boolean), ("publishedOnWebsite", boolean),
            ("decisions", array(object(["id", "votesFor"], [("id", "@ID@"), ("votesFor", number)])))])
        let schedule = object([], [("timeZone", APIDocument.Schemas.oneOf(["Asia/Almaty", "Asia/Aqtau", "Asia/Aqtobe", "Asia/Atyrau", "Asia/Oral", "Asia/Qostanay", "Asia/Qyzylorda"])),
                                   ("open", time), ("close", time)], closed: true)
        let input = object(["asOf"], [
            ("asOf", "@INSTANT@"), ("schedule", schedule), ("incoming", array(incoming)), ("outgoing", array(outgoing)), ("controlled", array(controlled)),
            ("drafts", array(draft)), ("plans", array(plan)), ("collegium", object([], [("since", "@DATE@"), ("meetings", array(meeting))])),
            ("monitoring", object(["since"], [("since", month), ("summaries", array(object(["month", "on"], [("month", month), ("on", "@DATE@")])))])),
            ("controlService", object(["since"], [("since", "@DATE@"), ("weeklyLists", array("@DATE@"))]))])
        let fact = object([], [
            ("returnedAt", "@INSTANT@"), ("registeredAt", "@INSTANT@"), ("deliveredAt", "@INSTANT@"), ("reviewedAt", "@INSTANT@"), ("answeredAt", "@INSTANT@"),
            ("controlVisaOn", "@DATE@"), ("extensions", array(extensionSchema)), ("planApprovedOn", "@DATE@"), ("toLeadershipOn", "@DATE@"),
            ("toFirstHeadOn", "@DATE@"), ("executedOn", "@DATE@"), ("draftedOn", "@DATE@"), ("approvedOn", "@DATE@"),
            ("collegiumSince", "@DATE@"), ("monitoringSince", month), ("controlServiceSince", "@DATE@")] + draftSteps, closed: true)
        let settings = object([], [("schedule", schedule), ("collegiumSince", "@DATE@"), ("monitoringSince", month), ("controlServiceSince", "@DATE@")], closed: true)
        let fill = { (s: String) in APIDocument.Schemas.fill(s) }
        let findings = ##"{"type": "array", "items": {"type": "object", "required": ["section", "subject", "code", "severity", "citation", "wording", "relevantDate", "message"]}}"##
        let notJudged = ##"{"type": "array", "items": {"type": "object", "required": ["section", "subject", "place", "relevantDate", "reason"]}}"##
        return [("DocumentsInput", fill(input)), ("DocumentsIncoming", fill(incoming)), ("DocumentsOutgoing", fill(outgoing)),
                ("DocumentsControlled", fill(controlled)), ("DocumentsDraft", fill(draft)), ("DocumentsPlan", fill(plan)), ("DocumentsMeeting", fill(meeting)),
                ("DocumentsSummary", fill(object(["id", "month", "on"], [("id", "@ID@"), ("month", month), ("on", "@DATE@")]))),
                ("DocumentsList", fill(object(["id", "on"], [("id", "@ID@"), ("on", "@DATE@")]))),
                ("DocumentsSettings", fill(settings)), ("DocumentsFact", fill(fact)),
                ("DocumentsResult", ##"{"type": "object", "required": ["findings", "notJudged", "summary"], "properties": {"findings": "## + findings + ##", "notJudged": "## + notJudged + ##", "summary": {"type": "object"}}}"##),
                ("DocumentsStored", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"##),
                ("DocumentsFactStored", ##"{"type": "object", "required": ["id", "fact"], "properties": {"id": {"type": "string"}, "fact": {"type": "integer"}}}"##),
                ("DocumentsItemJudged", ##"{"type": "object", "required": ["item", "findings", "notJudged"], "properties": {"item": {"type": "object"}, "findings": "## + findings + ##", "notJudged": "## + notJudged + ##"}}"##),
                ("DocumentsFindings", ##"{"type": "object", "required": ["findings"], "properties": {"findings": "## + findings + ##"}}"##)]
    }
}
