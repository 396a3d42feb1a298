import InputFormats

/// The OpenAPI 3.1 document served at /openapi.json, generated from the same route table the router and the
/// role matrix use (a test checks the three agree).
enum OpenAPI {
    struct Operation {
        let method: String, path: String, id: String, summary: String, route: RouteID?, request: String?
        /// The success status and its body's schema (a key of `schemas`), or nil for a non-JSON body.
        let success: (status: Int, schema: String?)
        /// Every error status the route answers (each with the `Error` body).
        let errors: [Int]
    }

    /// Bad input. (Every route with a `RouteID` also answers 401, and 403 when a role may not call it or, for
    /// a write, when a session's CSRF token is missing: `document` adds them.)
    static let guarded = [400]

    static let operations: [Operation] = [
        .init(method: "get", path: "/health", id: "health", summary: "Liveness: {\"status\": \"ok\"}", route: nil, request: nil,
              success: (200, "Health"), errors: []),
        .init(method: "get", path: "/openapi.json", id: "openapi", summary: "This document", route: nil, request: nil,
              success: (200, "Document"), errors: []),
        .init(method: "get", path: "/metrics", id: "metrics", summary: "Prometheus metrics (text); a token when one is configured", route: nil, request: nil,
              success: (200, nil), errors: [401]),
        .init(method: "post", path: "/login", id: "login", summary: "Start a browser session (JSON or form: username, password); sets an HttpOnly SameSite cookie", route: nil, request: "Login",
              success: (200, "Session"), errors: [400, 401, 413, 429]),
        .init(method: "post", path: "/logout", id: "logout", summary: "End the session (the session cookie and its CSRF token in X-CSRF-Token)", route: nil, request: nil,
              success: (200, "Status"), errors: [401, 403]),
        .init(method: "get", path: "/api/v1/services", id: "listServices", summary: "Service passports (contracts/check.md)", route: .listServices, request: nil,
              success: (200, "Services"), errors: []),
        .init(method: "post", path: "/api/v1/applications", id: "createApplication", summary: "Create an application with its first events; 201 means durable", route: .createApplication, request: "NewApplication",
              success: (201, "Created"), errors: guarded + [409, 413, 422]),
        .init(method: "post", path: "/api/v1/applications/{id}/events", id: "appendEvents", summary: "Append one event or a list; all or nothing", route: .appendEvents, request: "EventOrList",
              success: (201, "Accepted"), errors: guarded + [404, 409, 413, 422]),
        .init(method: "post", path: "/api/v1/events", id: "bulkEvents", summary: "Bulk append for integrations: {\"events\": [{\"application\", \"event\"}]}; all or nothing", route: .bulkEvents, request: "BulkEvents",
              success: (201, "Accepted"), errors: guarded + [404, 409, 413, 422]),
        .init(method: "get", path: "/api/v1/applications/{id}", id: "getApplication", summary: "An application, its events and its current findings", route: .getApplication, request: nil,
              success: (200, "ApplicationView"), errors: guarded + [404, 422]),
        .init(method: "get", path: "/api/v1/findings", id: "listFindings", summary: "Findings, filtered by code, provider, from, to", route: .listFindings, request: nil,
              success: (200, "Findings"), errors: guarded + [403, 422]),  // 403: another organization as `provider`
        .init(method: "post", path: "/api/v1/risk", id: "assessRisk", summary: "Risk assessment as `rasim risk` (contracts/risk.md)", route: .assessRisk, request: "RiskInput",
              success: (200, "RiskResult"), errors: guarded + [413, 422]),
        .init(method: "post", path: "/api/v1/checklists/score", id: "scoreChecklist", summary: "Score a filled checklist as `rasim checklist score`", route: .scoreChecklist, request: "ChecklistAnswers",
              success: (200, "ChecklistResult"), errors: guarded + [413, 422]),
        .init(method: "get", path: "/api/v1/me", id: "whoAmI", summary: "The caller: user name, role, organizations, CSRF token of a session", route: .whoAmI, request: nil,
              success: (200, "Me"), errors: []),
        // Administration (admin only): setting up a real install without the demo.
        .init(method: "post", path: "/api/v1/organizations", id: "putOrganization", summary: "Add an organization, or update one with that id", route: .putOrganization, request: "OrganizationInput",
              success: (201, "OrganizationSaved"), errors: guarded + [413, 503]),
        .init(method: "get", path: "/api/v1/organizations", id: "listOrganizations", summary: "Every organization", route: .listOrganizations, request: nil,
              success: (200, "Organizations"), errors: []),
        .init(method: "post", path: "/api/v1/services", id: "importServices", summary: "Import service passports (contracts/check.md), all validated before any is stored: {\"services\": [...]}, a list or one passport", route: .importServices, request: "ServicesInput",
              success: (201, "ServicesImported"), errors: guarded + [413, 503]),
        .init(method: "post", path: "/api/v1/officials", id: "putOfficial", summary: "Add an official with signing rights, or update one with that id (its absences stay)", route: .putOfficial, request: "OfficialInput",
              success: (201, "OfficialSaved"), errors: guarded + [413, 422, 503]),
        .init(method: "get", path: "/api/v1/officials", id: "listOfficials", summary: "Every official, with signing rights and absences", route: .listOfficials, request: nil,
              success: (200, "Officials"), errors: []),
        .init(method: "post", path: "/api/v1/officials/{id}/absences", id: "addAbsence", summary: "Record an absence: leave, sick_leave, business_trip or other, and the acting deputy", route: .addAbsence, request: "AbsenceInput",
              success: (201, "AbsenceSaved"), errors: guarded + [404, 413, 422, 503]),
        .init(method: "post", path: "/api/v1/users", id: "addUser", summary: "Add a user account", route: .addUser, request: "UserInput",
              success: (201, "UserSaved"), errors: guarded + [409, 413, 422, 503]),
        .init(method: "get", path: "/api/v1/users", id: "listUsers", summary: "Every user account (no password hashes)", route: .listUsers, request: nil,
              success: (200, "Users"), errors: []),
        .init(method: "post", path: "/api/v1/users/{id}/password", id: "setPassword", summary: "Set a user's password (enables a disabled account; ends its sessions)", route: .setPassword, request: "PasswordInput",
              success: (200, "UserChanged"), errors: guarded + [404, 413, 503]),
        .init(method: "post", path: "/api/v1/users/{id}/tokens/revoke", id: "revokeTokens", summary: "Revoke a user's API tokens: all, or the one given as {\"token\"}", route: .revokeTokens, request: "RevokeInput",
              success: (200, "Revoked"), errors: guarded + [404, 413, 503]),
        .init(method: "post", path: "/api/v1/users/{id}/disable", id: "disableUser", summary: "Disable an account: its password, sessions and API tokens stop working", route: .disableUser, request: nil,
              success: (200, "UserChanged"), errors: guarded + [404, 409, 503]),
    ]

    static let reasons: [Int: String] = [
        400: "invalid input (the error's path names the field)", 401: "no or wrong credentials", 403: "the role may not, or a missing CSRF token",
        404: "unknown id", 409: "a conflict, such as an id that exists", 413: "the body is too large", 422: "well-formed, but breaks a rule",
        429: "too many failed sign-ins", 503: "the database cannot write now (disk full, read-only) or cannot be used",
    ]

    /// Identifiers: application ids, service and organization ids (what the server accepts).
    static let idSchema = ##"{"type": "string", "minLength": 1, "maxLength": 128}"##
    static let dateSchema = ##"{"type": "string", "format": "date"}"##
    static let text = ##"{"type": "object", "required": ["kk", "ru", "en"], "properties": {"kk": {"type": "string"}, "ru": {"type": "string"}, "en": {"type": "string"}}}"##

    static let schemas: [(String, String)] = [
        ("Error", ##"{"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "path"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "path": {"type": "string"}}}}}"##),
        ("Health", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "database": {"type": "string", "enum": ["ok", "storage_read_only", "storage_full", "database_unavailable"]}, "message": {"type": "string"}}}"##),
        ("Organization", ##"{"type": "object", "required": ["id", "name", "bin", "kind"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "bin": {"type": ["string", "null"]}, "kind": {"type": "string"}}}"##),
        ("OrganizationInput", ##"{"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 128}, "name": {"type": "string"}, "bin": {"type": "string", "pattern": "^[0-9]{12}$"}, "kind": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}}"##),
        ("OrganizationSaved", ##"{"type": "object", "required": ["organization", "created"], "properties": {"organization": {"$ref": "#/components/schemas/Organization"}, "created": {"type": "boolean"}}}"##),
        ("Organizations", ##"{"type": "object", "required": ["organizations"], "properties": {"organizations": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}}}}"##),
        ("ServicesInput", ##"{"oneOf": [{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "items": {"type": "object"}}}}, {"type": "array", "items": {"type": "object"}}, {"type": "object", "required": ["id", "term"]}]}"##),
        ("ServicesImported", ##"{"type": "object", "required": ["imported", "services"], "properties": {"imported": {"type": "integer"}, "services": {"type": "array", "items": {"type": "string"}}}}"##),
        ("Absence", ##"{"type": "object", "required": ["from", "to"], "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}, "kind": {"type": "string", "enum": ["leave", "sick_leave", "business_trip", "other"]}, "deputy": {"type": "string"}}}"##),
        ("Official", ##"{"type": "object", "required": ["id", "organization", "name", "maySign", "absences"], "properties": {"id": {"type": "string"}, "organization": {"type": "string"}, "name": {"type": "string"}, "maySign": {"type": "array", "items": {"type": "string"}}, "absences": {"type": "array", "items": {"$ref": "#/components/schemas/Absence"}}}}"##),
        ("OfficialInput", ##"{"type": "object", "required": ["id", "organization", "name"], "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 128}, "organization": {"type": "string"}, "name": {"type": "string"}, "maySign": {"type": "array", "items": {"type": "string"}}}}"##),
        ("OfficialSaved", ##"{"type": "object", "required": ["official", "created"], "properties": {"official": {"$ref": "#/components/schemas/Official"}, "created": {"type": "boolean"}}}"##),
        ("Officials", ##"{"type": "object", "required": ["officials"], "properties": {"officials": {"type": "array", "items": {"$ref": "#/components/schemas/Official"}}}}"##),
        ("AbsenceInput", ##"{"$ref": "#/components/schemas/Absence"}"##),
        ("AbsenceSaved", ##"{"type": "object", "required": ["official", "absence"], "properties": {"official": {"type": "string"}, "absence": {"$ref": "#/components/schemas/Absence"}}}"##),
        ("User", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "disabled"], "properties": {"username": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "disabled": {"type": "boolean"}}}"##),
        ("UserInput", ##"{"type": "object", "required": ["username", "password", "role"], "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 100}, "password": {"type": "string", "minLength": 8}, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": "string"}}}"##),
        ("UserSaved", ##"{"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/User"}}}"##),
        ("Users", ##"{"type": "object", "required": ["users"], "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}"##),
        ("PasswordInput", ##"{"type": "object", "required": ["password"], "properties": {"password": {"type": "string", "minLength": 8}}}"##),
        ("RevokeInput", ##"{"type": "object", "properties": {"token": {"type": "string"}}}"##),
        ("UserChanged", ##"{"type": "object", "required": ["user", "sessionsEnded"], "properties": {"user": {"$ref": "#/components/schemas/User"}, "sessionsEnded": {"type": "integer"}, "tokensRevoked": {"type": "integer"}}}"##),
        ("Revoked", ##"{"type": "object", "required": ["revoked"], "properties": {"revoked": {"type": "integer"}}}"##),
        ("Document", ##"{"type": "object", "required": ["openapi", "info", "paths"]}"##),
        ("Status", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}"##),
        ("Login", ##"{"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}"##),
        ("Session", ##"{"type": "object", "required": ["username", "role", "csrf"], "properties": {"username": {"type": "string"}, "role": {"type": "string"}, "csrf": {"type": "string"}}}"##),
        ("Me", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "csrf"], "properties": {"username": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "registrar", "executor", "signer", "internal_control", "inspector"]}, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "csrf": {"type": ["string", "null"]}}}"##),
        ("Services", ##"{"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "items": {"type": "object", "required": ["id", "term"], "properties": {"id": {"type": "string"}, "term": {"type": "object"}}}}}}"##),
        ("Created", ##"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"##),
        ("Accepted", ##"{"type": "object", "required": ["accepted"], "properties": {"accepted": {"type": "integer", "minimum": 0}}}"##),
        ("Event", ##"{"type": "object", "required": ["type", "at"], "properties": {"type": {"type": "string", "enum": ["submitted", "received", "registered", "monitoring_recorded", "documents_requested", "documents_added", "payment_demanded", "hearing_notified", "hearing_held", "refused", "result_issued", "complaint_registered", "complaint_answered"]}, "at": {"type": "string", "format": "date-time"}}, "additionalProperties": true}"##),
        ("EventOrList", ##"{"oneOf": [{"$ref": "#/components/schemas/Event"}, {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}]}"##),
        ("NewApplication", ##"{"type": "object", "required": ["service", "channel", "events"], "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 128}, "service": {"type": "string"}, "channel": {"type": "string", "enum": ["electronic", "paper", "state_corporation"]}, "provider": {"type": "string", "description": "the organization; required unless the caller belongs to exactly one"}, "applicant": {"type": "string"}, "queuePosition": {"type": "integer", "minimum": 1}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}"##),
        ("BulkEvents", ##"{"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object", "required": ["application", "event"], "properties": {"application": {"type": "string"}, "event": {"$ref": "#/components/schemas/Event"}}}}}}"##),
        ("Finding", "{\"type\": \"object\", \"required\": [\"application\", \"code\", \"severity\", \"stage\", \"citation\", \"due\", \"actual\", \"lateWorkingDays\", \"message\", \"explanation\"], \"properties\": {\"application\": {\"type\": \"string\"}, \"code\": {\"type\": \"string\"}, \"severity\": {\"type\": \"string\", \"enum\": [\"gross\", \"significant\", \"minor\", \"violation\", \"deviation\", \"none\", \"warning\"]}, \"stage\": {\"type\": \"string\"}, \"citation\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 1}, \"due\": {\"type\": [\"string\", \"null\"], \"format\": \"date\"}, \"actual\": {\"type\": [\"string\", \"null\"], \"format\": \"date\"}, \"lateWorkingDays\": {\"type\": [\"integer\", \"null\"]}, \"message\": \(text), \"explanation\": {\"type\": \"object\", \"required\": [\"rule\"], \"properties\": {\"rule\": {\"type\": \"string\"}}}}}"),
        ("Findings", ##"{"type": "object", "required": ["findings", "summary"], "properties": {"findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}, "summary": {"type": "object", "required": ["applications", "findings", "byCode"], "properties": {"applications": {"type": "integer", "minimum": 0}, "findings": {"type": "integer", "minimum": 0}, "byCode": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}"##),
        ("ApplicationView", ##"{"type": "object", "required": ["application", "events", "findings"], "properties": {"application": {"type": "object", "required": ["id", "service", "provider", "channel"], "properties": {"id": {"type": "string"}, "service": {"type": "string"}, "provider": {"type": "string"}, "channel": {"type": "string"}, "applicant": {"type": ["string", "null"]}, "queuePosition": {"type": ["integer", "null"]}, "createdAt": {"type": "string"}}}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}"##),
        ("RiskInput", ##"{"type": "object", "required": ["asOf", "subjects"], "properties": {"asOf": {"type": "string", "format": "date"}, "subjects": {"type": "array", "items": {"type": "object", "required": ["id", "objective", "subjective"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "lastVisit": {"type": ["string", "null"], "format": "date"}, "objective": {"type": "object"}, "subjective": {"type": "object"}}}}}}"##),
        ("Subjective", ##"{"type": "object", "required": ["grossViolated", "significant", "minor", "score", "exactScore", "category"], "properties": {"grossViolated": {"type": "array", "items": {"type": "integer"}}, "significant": {"type": "object"}, "minor": {"type": "object"}, "score": {"type": "number"}, "exactScore": {"type": "string"}, "category": {"type": "string", "enum": ["high", "not_high"]}}}"##),
        ("RiskResult", ##"{"type": "object", "required": ["subjects", "list"], "properties": {"subjects": {"type": "array", "items": {"type": "object", "required": ["id", "objective", "subjective", "needsVisit", "eligible", "citation"], "properties": {"id": {"type": "string"}, "objective": {"type": "object", "required": ["high", "criteria"], "properties": {"high": {"type": "boolean"}, "criteria": {"type": "array", "items": {"type": "integer"}}}}, "subjective": {"$ref": "#/components/schemas/Subjective"}, "needsVisit": {"type": "boolean"}, "eligible": {"type": "boolean"}, "citation": {"type": "array", "items": {"type": "string"}}, "readings": {"type": "array", "items": {"type": "string"}}}}}, "list": {"type": "object", "required": ["approvalDue", "subjects", "citation"], "properties": {"approvalDue": {"type": "string", "format": "date"}, "subjects": {"type": "array", "items": {"type": "string"}}, "citation": {"type": "array", "items": {"type": "string"}}}}}}"##),
        ("ChecklistAnswers", ##"{"type": "object", "required": ["subject", "answers"], "properties": {"subject": {"type": "string"}, "bin": {"type": "string", "pattern": "^[0-9]{12}$", "description": "12 digits with a valid check digit"}, "answers": {"type": "array", "items": {"type": "object", "required": ["requirement", "complies"], "properties": {"requirement": {"type": "integer", "minimum": 1, "maximum": 19}, "complies": {"type": "boolean"}}}}}}"##),
        ("ChecklistResult", ##"{"type": "object", "required": ["subject", "answered", "assessed", "violated", "subjective", "riskInput", "citation"], "properties": {"subject": {"type": "string"}, "answered": {"type": "integer", "minimum": 0}, "assessed": {"type": "array", "items": {"type": "integer"}}, "violated": {"type": "array", "items": {"type": "integer"}}, "subjective": {"$ref": "#/components/schemas/Subjective"}, "riskInput": {"type": "object"}, "citation": {"type": "array", "items": {"type": "string"}}}}"##),
    ]

    static let document: String = {
        var paths: [String: [(String, String)]] = [:]
        var order: [String] = []
        for op in operations {
            let body = op.success.schema.map { "{\"description\": \"success\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/\($0)\"}}}}" }
                ?? ##"{"description": "success", "content": {"text/plain": {"schema": {"type": "string"}}}}"##
            var responses: [(String, String)] = [(String(op.success.status), body)]
            var errors = op.errors
            if let r = op.route {
                errors.append(401)
                if op.method == "post" || (Permissions.matrix[r] ?? []).count < Role.allCases.count { errors.append(403) }
            }
            for status in Set(errors).sorted() { responses.append((String(status), ref(reasons[status] ?? "error"))) }
            var fields: [(String, String)] = [("summary", JSONText.string(op.summary)), ("operationId", JSONText.string(op.id))]
            if let r = op.route {
                let roles = (Permissions.matrix[r] ?? []).map(\.rawValue).sorted()
                fields.append(("description", JSONText.string("Roles: " + roles.joined(separator: ", "))))
                fields.append(("security", #"[{"bearer": []}, {"session": []}]"#))
            } else if op.path == "/logout" {
                fields.append(("security", #"[{"session": []}]"#))
            }
            var params: [String] = []
            if op.path.contains("{id}") {
                params.append("{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": \(idSchema)}")
            }
            if op.path == "/api/v1/findings" {
                params.append(##"{"name": "code", "in": "query", "required": false, "schema": {"type": "string"}}"##)
                params.append(##"{"name": "provider", "in": "query", "required": false, "schema": {"type": "string"}}"##)
                for q in ["from", "to"] {
                    params.append("{\"name\": \"\(q)\", \"in\": \"query\", \"required\": false, \"description\": \"a day of submission, YYYY-MM-DD\", \"schema\": \(dateSchema)}")
                }
            }
            if !params.isEmpty { fields.append(("parameters", "[" + params.joined(separator: ", ") + "]")) }
            if let req = op.request {
                fields.append(("requestBody", "{\"required\": true, \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/\(req)\"}}}}"))
            }
            fields.append(("responses", JSONText.object(responses)))
            if paths[op.path] == nil { order.append(op.path) }
            paths[op.path, default: []].append((op.method, JSONText.object(fields)))
        }
        let pathsJSON = JSONText.object(order.map { ($0, JSONText.object(paths[$0] ?? [])) })
        return JSONText.object([
            ("openapi", JSONText.string("3.1.0")),
            ("info", JSONText.object([("title", JSONText.string("Rasim API")), ("version", JSONText.string("1.1.0")),
                                      ("description", JSONText.string("Public-service applications judged against the law (contracts/api.md). Errors: {\"error\": {\"code\", \"message\", \"path\"}}."))])),
            ("paths", pathsJSON),
            ("components", JSONText.object([
                ("schemas", JSONText.object(schemas)),
                ("securitySchemes", ##"{"bearer": {"type": "http", "scheme": "bearer"}, "session": {"type": "apiKey", "in": "cookie", "name": "rasim_session"}}"##),
            ])),
        ])
    }()

    /// The methods each documented path answers: the others are 405 with `Allow`.
    static let methodsByPath: [String: [String]] = Dictionary(grouping: operations, by: \.path).mapValues { $0.map { $0.method.uppercased() } }

    static func ref(_ d: String) -> String {
        "{\"description\": \(JSONText.string(d)), \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}"
    }
}
