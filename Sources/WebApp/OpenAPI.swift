import WebKit
import PublicServicesFeature
import Identifiers
import JSONKit
import PublicServices

/// The OpenAPI 3.1 document served at /openapi.json: the public-services and platform routes declared here, the
/// features' between them, written by `APIDocument` with the roles of the same matrix the router enforces (a
/// test checks the three agree).
enum OpenAPI {
    typealias S = APIDocument.Schemas

    /// The public-services routes, and the service endpoints before them. Bad input is 400; every route with a
    /// `RouteID` also answers 401, and 403 when a role may not call it or, for a write, when a session's CSRF
    /// token is missing (`APIDocument` adds them).
    static let publicServices: [APIOperation] = [
        APIOperation(method: "get", path: "/health", id: "health", summary: "Liveness: {\"status\": \"ok\"}", route: nil, request: nil,
              success: (200, "Health"), errors: []),
        APIOperation(method: "get", path: "/openapi.json", id: "openapi", summary: "This document", route: nil, request: nil,
              success: (200, "Document"), errors: []),
        APIOperation(method: "get", path: "/metrics", id: "metrics", summary: "Prometheus metrics (text); a token when one is configured", route: nil, request: nil,
              success: (200, nil), errors: [401]),
        APIOperation(method: "post", path: "/login", id: "login", summary: "Start a browser session (JSON or form: username, password); sets an HttpOnly SameSite cookie", route: nil, request: "Login",
              success: (200, "Session"), errors: [400, 401, 403, 413, 429]),
        APIOperation(method: "post", path: "/logout", id: "logout", summary: "End the session (the session cookie and its CSRF token in X-CSRF-Token)", route: nil, request: nil,
              success: (200, "Status"), errors: [401, 403]),
        APIOperation(method: "get", path: "/api/v1/services", id: "listServices", summary: "Service passports (contracts/check.md)", route: .listServices, request: nil,
              success: (200, "Services"), errors: []),
        APIOperation(method: "post", path: "/api/v1/applications", id: "createApplication", summary: "Create an application with its first events; 201 means durable", route: .createApplication, request: "NewApplication",
              success: (201, "Created"), errors: [400] + [409, 413, 422],
                     links: createdLinks),
        APIOperation(method: "post", path: "/api/v1/applications/{id}/events", id: "appendEvents", summary: "Append one event or a list; all or nothing", route: .appendEvents, request: "EventOrList",
              success: (201, "Accepted"), errors: [400] + [404, 409, 413, 422],
                     parameters: [providerParameter]),
        APIOperation(method: "post", path: "/api/v1/events", id: "bulkEvents", summary: "Bulk append for integrations: {\"events\": [{\"application\", \"event\"}]}; all or nothing", route: .bulkEvents, request: "BulkEvents",
              success: (201, "Accepted"), errors: [400] + [404, 409, 413, 422]),
        APIOperation(method: "get", path: "/api/v1/applications/{id}", id: "getApplication", summary: "An application, its events and its current findings", route: .getApplication, request: nil,
              success: (200, "ApplicationView"), errors: [400] + [404, 409, 422],
                     parameters: [providerParameter]),  // 409: the id names applications of several organizations
        APIOperation(method: "get", path: "/api/v1/findings", id: "listFindings", summary: "Findings, filtered by code, provider, from, to", route: .listFindings, request: nil,
              success: (200, "Findings"), errors: [400] + [403, 422],
                     parameters: findingsParameters),  // 403: another organization as `provider`
    ]

    /// The caller's own account, and administration (admin only): setting up a real install without the demo.
    static let platform: [APIOperation] = [
        APIOperation(method: "get", path: "/api/v1/me", id: "whoAmI", summary: "The caller: user name, role, organizations, CSRF token of a session", route: .whoAmI, request: nil,
              success: (200, "Me"), errors: []),
        APIOperation(method: "post", path: "/api/v1/organizations", id: "putOrganization", summary: "Add an organization, or update one with that id", route: .putOrganization, request: "OrganizationInput",
              success: (201, "OrganizationSaved"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/organizations", id: "listOrganizations", summary: "Every organization", route: .listOrganizations, request: nil,
              success: (200, "Organizations"), errors: []),
        APIOperation(method: "post", path: "/api/v1/services", id: "importServices", summary: "Import service passports (contracts/check.md), all validated before any is stored: {\"services\": [...]}, a list or one passport", route: .importServices, request: "ServicesInput",
              success: (201, "ServicesImported"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "post", path: "/api/v1/officials", id: "putOfficial", summary: "Add an official with signing rights, or update one with that id (its absences stay)", route: .putOfficial, request: "OfficialInput",
              success: (201, "OfficialSaved"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/officials", id: "listOfficials", summary: "Every official, with signing rights and absences", route: .listOfficials, request: nil,
              success: (200, "Officials"), errors: []),
        APIOperation(method: "post", path: "/api/v1/officials/{id}/absences", id: "addAbsence", summary: "Record an absence: leave, sick_leave, business_trip or other, and the acting deputy", route: .addAbsence, request: "AbsenceInput",
              success: (201, "AbsenceSaved"), errors: [400] + [404, 413, 422, 503]),
        APIOperation(method: "post", path: "/api/v1/users", id: "addUser", summary: "Add a user account", route: .addUser, request: "UserInput",
              success: (201, "UserSaved"), errors: [400] + [409, 413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/users", id: "listUsers", summary: "Every user account (no password hashes)", route: .listUsers, request: nil,
              success: (200, "Users"), errors: []),
        APIOperation(method: "post", path: "/api/v1/users/{id}/password", id: "setPassword", summary: "Set a user's password (enables a disabled account; ends its sessions)", route: .setPassword, request: "PasswordInput",
              success: (200, "UserChanged"), errors: [400] + [404, 413, 422, 503]),
        APIOperation(method: "post", path: "/api/v1/users/{id}/tokens/revoke", id: "revokeTokens", summary: "Revoke a user's API tokens: all, or the one given as {\"token\"}", route: .revokeTokens, request: "RevokeInput",
              success: (200, "Revoked"), errors: [400] + [404, 413, 503]),
        APIOperation(method: "post", path: "/api/v1/users/{id}/disable", id: "disableUser", summary: "Disable an account: its password, sessions and API tokens stop working", route: .disableUser, request: nil,
              success: (200, "UserChanged"), errors: [400] + [404, 409, 503]),
    ]

    /// Every documented route: the public-services routes, the features', the platform's.
    static func operations(features: [any WebFeature]) -> [APIOperation] { publicServices + features.flatMap(\.operations) + platform }

    /// The document, with the features' routes and schemas.
    static func document(features: [any WebFeature], permissions: Permissions) -> String {
        APIDocument.json(operations: operations(features: features), schemas: schemas + features.flatMap(\.schemas), permissions: permissions,
                         description: "Public-service applications judged against the law (contracts/api.md). Errors: {\"error\": {\"code\", \"message\", \"path\"}}.")
    }

    /// `?provider=` on an application's routes.
    static let providerParameter = "{\"name\": \"provider\", \"in\": \"query\", \"required\": false, \"description\": \"the application's organization; needed only when the id exists in several organizations the caller sees (else 409 ambiguous_application)\", \"schema\": {\"anyOf\": [{\"const\": \"\"}, \(S.id)]}}"

    /// The findings' filters; empty is no filter (contracts/api.md writes the route with empty parameters).
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

    /// A term of contracts/check.md: exactly one unit.
    static let termSchema = ##"{"oneOf": [{"type": "object", "required": ["workingDays"], "additionalProperties": false, "properties": {"workingDays": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["calendarDays"], "additionalProperties": false, "properties": {"calendarDays": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["tauliks"], "additionalProperties": false, "properties": {"tauliks": {"type": "integer", "minimum": 0, "maximum": 3650}}}, {"type": "object", "required": ["hours"], "additionalProperties": false, "properties": {"hours": {"type": "integer", "minimum": 0, "maximum": 87600}}}, {"type": "object", "required": ["sameDay"], "additionalProperties": false, "properties": {"sameDay": {"const": true}}}]}"##
    /// A service passport of contracts/check.md as the server reads it (absent or null fields take their defaults).
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
            + "\"queue\": {\"type\": [\"boolean\", \"null\"]}}}"
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
        ("Error", ##"{"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "path"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "path": {"type": "string"}}}}}"##),
        ("Health", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "database": {"type": "string", "enum": ["ok", "storage_read_only", "storage_full", "database_unavailable"]}, "message": {"type": "string"}, "calendar": {"type": "object", "required": ["coversUpTo", "warning"], "properties": {"coversUpTo": {"type": "string", "format": "date"}, "warning": {"type": ["string", "null"]}}}}}"##),
        ("Organization", ##"{"type": "object", "required": ["id", "name", "bin", "kind"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "bin": {"type": ["string", "null"]}, "kind": {"type": "string"}}}"##),
        ("OrganizationInput", fill(##"{"type": "object", "required": ["id", "name"], "properties": {"id": @ID@, "name": @NAME@, "bin": {"anyOf": [{"type": "null"}, @BIN@]}, "kind": {"type": ["string", "null"], "pattern": "^[a-z][a-z0-9_]{0,63}$"}}}"##)),
        ("OrganizationSaved", ##"{"type": "object", "required": ["organization", "created"], "properties": {"organization": {"$ref": "#/components/schemas/Organization"}, "created": {"type": "boolean"}}}"##),
        ("Organizations", ##"{"type": "object", "required": ["organizations"], "properties": {"organizations": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}}}}"##),
        ("ServicesInput", fill(##"{"oneOf": [{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "minItems": 1, "items": @PASSPORT@}}}, {"type": "array", "minItems": 1, "items": @PASSPORT@}, @PASSPORT@]}"##)),
        ("ServicesImported", ##"{"type": "object", "required": ["imported", "services"], "properties": {"imported": {"type": "integer"}, "services": {"type": "array", "items": {"type": "string"}}}}"##),
        ("Absence", fill(##"{"type": "object", "required": ["from", "to"], "properties": {"from": @DATE@, "to": @DATE@, "kind": {"type": ["string", "null"], "enum": ["leave", "sick_leave", "business_trip", "other", null]}, "deputy": {"anyOf": [{"type": "null"}, @ID@]}}}"##)),
        ("Official", ##"{"type": "object", "required": ["id", "organization", "name", "maySign", "absences"], "properties": {"id": {"type": "string"}, "organization": {"type": "string"}, "name": {"type": "string"}, "maySign": {"type": "array", "items": {"type": "string"}}, "absences": {"type": "array", "items": {"$ref": "#/components/schemas/Absence"}}}}"##),
        ("OfficialInput", fill(##"{"type": "object", "required": ["id", "organization", "name"], "properties": {"id": @ID@, "organization": @ID@, "name": @NAME@, "maySign": {"type": ["array", "null"], "items": @ID@}}}"##)),
        ("OfficialSaved", ##"{"type": "object", "required": ["official", "created"], "properties": {"official": {"$ref": "#/components/schemas/Official"}, "created": {"type": "boolean"}}}"##),
        ("Officials", ##"{"type": "object", "required": ["officials"], "properties": {"officials": {"type": "array", "items": {"$ref": "#/components/schemas/Official"}}}}"##),
        ("AbsenceInput", ##"{"$ref": "#/components/schemas/Absence"}"##),
        ("AbsenceSaved", ##"{"type": "object", "required": ["official", "absence"], "properties": {"official": {"type": "string"}, "absence": {"$ref": "#/components/schemas/Absence"}}}"##),
        ("User", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "disabled"], "properties": {"username": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "disabled": {"type": "boolean"}}}"##),
        ("UserInput", fill(##"{"type": "object", "required": ["username", "password", "role"], "properties": {"username": @USERNAME@, "password": @PASSWORD@, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": ["array", "null"], "items": @ID@}, "official": {"anyOf": [{"type": "null"}, @ID@]}}}"##)),
        ("UserSaved", ##"{"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/User"}}}"##),
        ("Users", ##"{"type": "object", "required": ["users"], "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}"##),
        ("PasswordInput", fill(##"{"type": "object", "required": ["password"], "properties": {"password": @PASSWORD@}}"##)),
        ("RevokeInput", fill(##"{"type": "object", "properties": {"token": {"anyOf": [{"type": "null"}, @TEXT@]}}}"##)),
        ("UserChanged", ##"{"type": "object", "required": ["user", "sessionsEnded"], "properties": {"user": {"$ref": "#/components/schemas/User"}, "sessionsEnded": {"type": "integer"}, "tokensRevoked": {"type": "integer"}}}"##),
        ("Revoked", ##"{"type": "object", "required": ["revoked"], "properties": {"revoked": {"type": "integer"}}}"##),
        ("Document", ##"{"type": "object", "required": ["openapi", "info", "paths"]}"##),
        ("Status", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}"##),
        ("Login", fill(##"{"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string", "maxLength": 64, "pattern": @TEXTPATTERN@}, "password": @TEXT@}}"##)),
        ("Session", ##"{"type": "object", "required": ["username", "role", "csrf"], "properties": {"username": {"type": "string"}, "role": {"type": "string"}, "csrf": {"type": "string"}}}"##),
        ("Me", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "csrf"], "properties": {"username": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "csrf": {"type": ["string", "null"]}}}"##),
        ("Services", ##"{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "items": {"type": "object", "required": ["id", "term"], "properties": {"id": {"type": "string"}, "term": {"type": "object"}}}}}}"##),
        ("Created", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "provider": {"type": "string", "description": "the organization that holds it (ids are unique per organization)"}}}"##),
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
