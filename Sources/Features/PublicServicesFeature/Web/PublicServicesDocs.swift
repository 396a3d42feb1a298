import Identifiers
import JSONKit
import PublicServices
import WebKit

/// PS-VIOLATIONS-2025's routes in `/openapi.json`: the applications, events and findings, and the administration
/// of its catalog and officials, with the schemas they name.
enum PublicServicesDocs {
    typealias S = APIDocument.Schemas

    static let operations: [APIOperation] = [
        APIOperation(method: "get", path: "/api/v1/services", id: "listServices", summary: "Service passports (docs/reference/check.md)", route: .listServices, request: nil,
              success: (200, "Services"), errors: []),
        APIOperation(method: "post", path: "/api/v1/applications", id: "createApplication", summary: "Create an application with its first events; 201 means durable", route: .createApplication, request: "NewApplication",
              success: (201, "Created"), errors: [400] + [409, 413, 422],
                     links: createdLinks),
        APIOperation(method: "post", path: "/api/v1/applications/{id}/events", id: "appendEvents", summary: "Append one event or a list; all or nothing", route: .appendEvents, request: "EventOrList",
              success: (201, "Accepted"), errors: [400] + [404, 409, 413, 422],
                     parameters: [providerParameter]),
        APIOperation(method: "post", path: "/api/v1/events", id: "bulkEvents", summary: "Bulk append for integrations: {\"events\": [{\"application\", \"event\"}]}; all or nothing", route: .bulkEvents, request: "BulkEvents",
              success: (201, "Accepted"), errors: [400] + [404, 409, 413, 422]),
        APIOperation(method: "post", path: "/api/v1/applications/{id}/assignee", id: "assignApplication",
                     summary: "Assign an application to an executor of its organization (a head: signer or admin); a later assignment reassigns it, the earlier ones stay in its history",
                     route: .assignApplication, request: "AssigneeInput", success: (200, "Assigned"), errors: [400] + [404, 409, 413, 422],
                     parameters: [providerParameter],
                     example: .init(uri: "/api/v1/applications/ASSIGN-1/assignee?provider=akimat-abai", body: #"{"assignee": "executor"}"#,
                                    before: [.init("post", "/api/v1/applications", #"{"id": "ASSIGN-1", "service": "land-plot-resolution", "channel": "paper", "provider": "akimat-abai", "events": [{"type": "submitted", "at": "2025-03-03T10:00:00+05:00"}]}"#)])),
        APIOperation(method: "get", path: "/api/v1/applications/{id}", id: "getApplication", summary: "An application, its events and its current findings", route: .getApplication, request: nil,
              success: (200, "ApplicationView"), errors: [400] + [404, 409, 422],
                     parameters: [providerParameter]),  // 409: the id names applications of several organizations
        APIOperation(method: "get", path: "/api/v1/findings", id: "listFindings", summary: "Findings, filtered by code, provider, from, to", route: .listFindings, request: nil,
              success: (200, "Findings"), errors: [400] + [403, 422],
                     parameters: findingsParameters),  // 403: another organization as `provider`
        // Administration (admin only): the catalog and the officials of a real install.
        APIOperation(method: "post", path: "/api/v1/services", id: "importServices", summary: "Import service passports (docs/reference/check.md), all validated before any is stored: {\"services\": [...]}, a list or one passport", route: .importServices, request: "ServicesInput",
              success: (201, "ServicesImported"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "post", path: "/api/v1/officials", id: "putOfficial", summary: "Add an official with signing rights, or update one with that id (its absences stay)", route: .putOfficial, request: "OfficialInput",
              success: (201, "OfficialSaved"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/officials", id: "listOfficials", summary: "Every official, with signing rights and absences", route: .listOfficials, request: nil,
              success: (200, "Officials"), errors: []),
        APIOperation(method: "post", path: "/api/v1/officials/{id}/absences", id: "addAbsence", summary: "Record an absence: leave, sick_leave, business_trip or other, and the acting deputy", route: .addAbsence, request: "AbsenceInput",
              success: (201, "AbsenceSaved"), errors: [400] + [404, 413, 422, 503]),
    ]

    /// `?provider=` on an application's routes.
    static let providerParameter = "{\"name\": \"provider\", \"in\": \"query\", \"required\": false, \"description\": \"the application's organization; needed only when the id exists in several organizations the caller sees (else 409 ambiguous_application)\", \"schema\": {\"anyOf\": [{\"const\": \"\"}, \(S.id)]}}"

    /// The findings' filters; empty is no filter (docs/reference/http.md writes the route with empty parameters).
    static let findingsParameters: [String] = {
        let codes = FindingCode.allCases.map { JSONText.string($0.rawValue) }.joined(separator: ", ")
        return ["{\"name\": \"code\", \"in\": \"query\", \"required\": false, \"schema\": {\"type\": \"string\", \"enum\": [\"\", \(codes)]}}",
                "{\"name\": \"provider\", \"in\": \"query\", \"required\": false, \"schema\": {\"anyOf\": [{\"const\": \"\"}, \(S.id)]}}"]
            + ["from", "to"].map { "{\"name\": \"\($0)\", \"in\": \"query\", \"required\": false, \"description\": \"a day of submission, YYYY-MM-DD; empty is no bound\", \"schema\": {\"anyOf\": [{\"const\": \"\"}, \(S.date)]}}" }
    }()

    /// A created application's own routes (Schemathesis follows these links in its stateful phase).
    static let createdLinks: [(String, String)] = ["getApplication", "appendEvents"].map {
        ($0, "{\"operationId\": \"\($0)\", \"parameters\": {\"id\": \"$response.body#/id\", \"provider\": \"$response.body#/provider\"}}")
    }


    static let text = ##"{"type": "object", "required": ["kk", "ru", "en"], "properties": {"kk": {"type": "string"}, "ru": {"type": "string"}, "en": {"type": "string"}}}"##

    /// A term of docs/reference/check.md: exactly one unit.
    static let termSchema = ##"{"oneOf": [{"type": "object", "required": ["workingDays"], "additionalProperties": false, "properties": {"workingDays": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["calendarDays"], "additionalProperties": false, "properties": {"calendarDays": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["tauliks"], "additionalProperties": false, "properties": {"tauliks": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["hours"], "additionalProperties": false, "properties": {"hours": {"type": "integer", "minimum": 0, "maximum": 87600}}}, {"type": "object", "required": ["sameDay"], "additionalProperties": false, "properties": {"sameDay": {"const": true}}}]}"##
    /// A service passport of docs/reference/check.md as the server reads it (absent or null fields take their defaults).
    static let passportSchema: String = {
        let time = ##"{"type": ["string", "null"], "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"}"##
        let zones = ["Asia/Almaty", "Asia/Qostanay", "Asia/Qyzylorda", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Atyrau", "Asia/Oral", "UTC"]
            .map { "\"\($0)\"" }.joined(separator: ", ")
        let text = "{\"type\": [\"string\", \"null\"], \"pattern\": \(JSONText.string(TextRule.pattern))}"
        let localized = "{\"anyOf\": [{\"type\": \"null\"}, \(S.text), {\"type\": \"object\", \"properties\": {\"kk\": \(text), \"ru\": \(text), \"en\": \(text)}, "
            + "\"anyOf\": [{\"required\": [\"kk\"], \"properties\": {\"kk\": {\"type\": \"string\"}}}, {\"required\": [\"ru\"], \"properties\": {\"ru\": {\"type\": \"string\"}}}, {\"required\": [\"en\"], \"properties\": {\"en\": {\"type\": \"string\"}}}]}]}"
        let ids = "{\"type\": [\"array\", \"null\"], \"items\": \(S.id)}"
        return "{\"type\": \"object\", \"required\": [\"id\", \"term\"], \"properties\": {\"id\": \(S.id), \"name\": \(localized), \"term\": \(termSchema), "
            + "\"refusalTerm\": {\"anyOf\": [{\"type\": \"null\"}, \(termSchema)]}, \"hearingRequired\": {\"type\": [\"boolean\", \"null\"]}, \"free\": {\"type\": [\"boolean\", \"null\"]}, "
            + "\"permitCategory\": {\"enum\": [\"none\", \"first\", \"second\", null]}, \"requiredDocuments\": \(ids), \"obtainedFromSystems\": \(ids), "
            + "\"schedule\": {\"type\": [\"object\", \"null\"], \"properties\": {\"timeZone\": {\"enum\": [\(zones), null]}, \"open\": \(time), \"close\": \(time)}}, "
            + "\"queue\": {\"type\": [\"boolean\", \"null\"]}, "
            // docs/reference/check.md v1.1: the closed list of refusal grounds, and later wordings from a date.
            + "\"refusalGrounds\": {\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"object\", \"required\": [\"id\", \"text\"], "
            + "\"properties\": {\"id\": \(S.id), \"text\": \(localized.replacingOccurrences(of: "{\"type\": \"null\"}, ", with: "")), \"citation\": \(text)}}}, "
            + "\"versions\": {\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"object\", \"required\": [\"from\"], "
            + "\"properties\": {\"from\": {\"type\": \"string\", \"format\": \"date\"}}}}}}"
    }()

    /// `APIDocument.Schemas.fill`, and @PASSPORT@: a service passport.
    static func fill(_ template: String) -> String { S.fill(template, extra: ["@PASSPORT@": passportSchema]) }

    /// One schema per kind of event: `type`, `at`, and the fields that kind carries (any other is refused).
    static let eventSchema: String = {
        let fields: [String: String] = [
            "documents": ##""documents": {"type": "array", "items": @ID@}"##,
            "amount": ##""amount": {"type": "number", "minimum": 0}"##,
            "ground": ##""ground": {"type": "string", "enum": ["incomplete_package", "merits"]}"##,
            "reasons": ##""reasons": {"type": "array", "items": @TEXT@}"##,
            "grounds": ##""grounds": {"type": "array", "items": @ID@}"##,
            "signedBy": ##""signedBy": @ID@"##,
            "complaint": ##""complaint": @ID@"##,
            "satisfied": ##""satisfied": {"type": "string", "enum": ["full", "partial", "none"]}"##,
            "corrects": ##""corrects": {"type": "integer", "minimum": 1, "maximum": 1000000}"##,
            "reason": ##""reason": @NETEXT@"##,
            "replacementAt": ##""replacementAt": @INSTANT@"##,
        ]
        let required: [String: [String]] = ["documents_requested": ["documents"], "documents_added": ["documents"], "refused": ["ground"],
                                            "complaint_registered": ["complaint"], "complaint_answered": ["complaint"],
                                            "correction": ["corrects", "reason"]]
        let kinds = PublicServicesJSON.eventFields.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, own -> String in
            // An optional field may also be null (read as absent); a required one may not.
            let props = ["\"type\": {\"const\": \"\(kind.rawValue)\"}", "\"at\": @INSTANT@"] + own.compactMap { name -> String? in
                guard let field = fields[name] else { return nil }
                if required[kind.rawValue]?.contains(name) == true { return field }
                let (key, schema) = (field.prefix { $0 != ":" }, field.drop { $0 != ":" }.dropFirst())
                return "\(key): {\"anyOf\": [{\"type\": \"null\"},\(schema)]}"
            }
            let req = (["type", "at"] + (required[kind.rawValue] ?? [])).map { "\"\($0)\"" }.joined(separator: ", ")
            return "{\"type\": \"object\", \"required\": [\(req)], \"properties\": {\(props.joined(separator: ", "))}, \"additionalProperties\": false}"
        }
        return fill("{\"oneOf\": [" + kinds.joined(separator: ", ") + "]}")
    }()

    static let schemas: [(String, String)] = [
        ("ServicesInput", fill(##"{"oneOf": [{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "minItems": 1, "items": @PASSPORT@}}}, {"type": "array", "minItems": 1, "items": @PASSPORT@}, @PASSPORT@]}"##)),
        ("ServicesImported", ##"{"type": "object", "required": ["imported", "services"], "properties": {"imported": {"type": "integer"}, "services": {"type": "array", "items": {"type": "string"}}}}"##),
        ("Absence", fill(##"{"type": "object", "required": ["from", "to"], "properties": {"from": @DATE@, "to": @DATE@, "kind": {"type": ["string", "null"], "enum": ["leave", "sick_leave", "business_trip", "other", null]}, "deputy": {"anyOf": [{"type": "null"}, @ID@]}}}"##)),
        ("Official", ##"{"type": "object", "required": ["id", "organization", "name", "maySign", "absences"], "properties": {"id": {"type": "string"}, "organization": {"type": "string"}, "name": {"type": "string"}, "maySign": {"type": "array", "items": {"type": "string"}}, "absences": {"type": "array", "items": {"$ref": "#/components/schemas/Absence"}}}}"##),
        ("OfficialInput", fill(##"{"type": "object", "required": ["id", "organization", "name"], "properties": {"id": @ID@, "organization": @ID@, "name": @NAME@, "maySign": {"type": ["array", "null"], "items": @ID@}}}"##)),
        ("OfficialSaved", ##"{"type": "object", "required": ["official", "created"], "properties": {"official": {"$ref": "#/components/schemas/Official"}, "created": {"type": "boolean"}}}"##),
        ("Officials", ##"{"type": "object", "required": ["officials"], "properties": {"officials": {"type": "array", "items": {"$ref": "#/components/schemas/Official"}}}}"##),
        ("AbsenceInput", ##"{"$ref": "#/components/schemas/Absence"}"##),
        ("AbsenceSaved", ##"{"type": "object", "required": ["official", "absence"], "properties": {"official": {"type": "string"}, "absence": {"$ref": "#/components/schemas/Absence"}}}"##),
        ("Services", ##"{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "items": {"type": "object", "required": ["id", "term"], "properties": {"id": {"type": "string"}, "term": {"type": "object"}}}}}}"##),
        ("Created", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "provider": {"type": "string", "description": "the organization that holds it (ids are unique per organization)"}}}"##),
        ("AssigneeInput", fill(##"{"type": "object", "required": ["assignee"], "properties": {"assignee": @ID@}}"##)),
        ("Assigned", ##"{"type": "object", "required": ["id", "provider", "assignee", "assignedAt", "assignedBy"], "properties": {"id": {"type": "string"}, "provider": {"type": "string"}, "assignee": {"type": "string"}, "assignedAt": {"type": "string"}, "assignedBy": {"type": "string"}}}"##),
        ("Accepted", ##"{"type": "object", "required": ["accepted"], "properties": {"accepted": {"type": "integer", "minimum": 0}}}"##),
        ("Event", eventSchema),
        ("EventOrList", ##"{"oneOf": [{"$ref": "#/components/schemas/Event"}, {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}]}"##),
        ("NewApplication", fill(##"{"type": "object", "required": ["service", "channel", "events"], "properties": {"id": {"anyOf": [{"type": "null"}, @ID@]}, "service": @ID@, "channel": {"type": "string", "enum": ["electronic", "paper", "state_corporation"]}, "provider": {"anyOf": [{"type": "null"}, @ID@], "description": "the organization; required unless the caller belongs to exactly one"}, "applicant": {"type": ["string", "null"], "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$"}, "queuePosition": {"type": ["integer", "null"], "minimum": 1, "maximum": 9007199254740991}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}"##)),
        ("BulkEvents", fill(##"{"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object", "required": ["application", "event"], "properties": {"application": @ID@, "provider": {"anyOf": [{"type": "null"}, @ID@], "description": "the application's organization; needed only when the id exists in several organizations the caller sees"}, "event": {"$ref": "#/components/schemas/Event"}}}}}}"##)),
        ("Finding", "{\"type\": \"object\", \"required\": [\"application\", \"code\", \"severity\", \"stage\", \"citation\", \"due\", \"actual\", \"lateWorkingDays\", \"message\", \"explanation\"], \"properties\": {\"application\": {\"type\": \"string\"}, \"provider\": {\"type\": \"string\", \"description\": \"the application's organization (GET /api/v1/findings; ids are unique per provider)\"}, \"code\": {\"type\": \"string\"}, \"severity\": {\"type\": \"string\", \"enum\": [\"gross\", \"significant\", \"minor\", \"violation\", \"deviation\", \"none\", \"warning\"]}, \"stage\": {\"type\": \"string\"}, \"citation\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 1}, \"due\": {\"type\": [\"string\", \"null\"], \"format\": \"date\"}, \"actual\": {\"type\": [\"string\", \"null\"], \"format\": \"date\"}, \"lateWorkingDays\": {\"type\": [\"integer\", \"null\"]}, \"message\": \(text), \"explanation\": {\"type\": \"object\", \"required\": [\"rule\"], \"properties\": {\"rule\": {\"type\": \"string\"}}}}}"),
        ("BeyondCalendar", ##"{"type": "array", "description": "terms that run past the calendar's last covered day: counted once next year's holidays are in the calendar", "items": {"type": "object", "required": ["application", "term", "date", "coversUpTo"], "properties": {"application": {"type": "string"}, "provider": {"type": "string"}, "term": {"type": "string", "enum": ["receipt", "registration", "refusal", "service", "complaint", "signature", "none"]}, "date": {"type": "string"}, "coversUpTo": {"type": "string", "format": "date"}}}}"##),
        ("Findings", ##"{"type": "object", "required": ["findings", "summary", "beyondCalendar"], "properties": {"beyondCalendar": {"$ref": "#/components/schemas/BeyondCalendar"}, "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}, "summary": {"type": "object", "required": ["applications", "findings", "byCode"], "properties": {"applications": {"type": "integer", "minimum": 0}, "findings": {"type": "integer", "minimum": 0}, "byCode": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}"##),
        ("ApplicationView", ##"{"type": "object", "required": ["application", "events", "findings", "beyondCalendar"], "properties": {"beyondCalendar": {"$ref": "#/components/schemas/BeyondCalendar"}, "application": {"type": "object", "required": ["id", "service", "provider", "channel"], "properties": {"id": {"type": "string"}, "service": {"type": "string"}, "provider": {"type": "string"}, "channel": {"type": "string"}, "applicant": {"type": ["string", "null"]}, "queuePosition": {"type": ["integer", "null"]}, "createdAt": {"type": "string"}}}, "events": {"type": "array", "items": {"type": "object", "required": ["type", "at"]}}, "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}"##),
    ]
}
