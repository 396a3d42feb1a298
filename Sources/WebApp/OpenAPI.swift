import InputFormats

/// The OpenAPI 3.1 document served at /openapi.json, generated from the same route table the router and the
/// role matrix use (a test checks the three agree).
enum OpenAPI {
    struct Operation {
        let method: String, path: String, summary: String, route: RouteID?, request: String?, success: String
    }

    static let operations: [Operation] = [
        .init(method: "get", path: "/health", summary: "Liveness: {\"status\": \"ok\"}", route: nil, request: nil, success: "200"),
        .init(method: "get", path: "/openapi.json", summary: "This document", route: nil, request: nil, success: "200"),
        .init(method: "get", path: "/metrics", summary: "Prometheus metrics", route: nil, request: nil, success: "200"),
        .init(method: "post", path: "/login", summary: "Start a browser session (JSON or form: username, password); sets an HttpOnly SameSite cookie", route: nil, request: "Login", success: "200"),
        .init(method: "post", path: "/logout", summary: "End the session", route: nil, request: nil, success: "200"),
        .init(method: "get", path: "/api/v1/services", summary: "Service passports (contracts/check.md)", route: .listServices, request: nil, success: "200"),
        .init(method: "post", path: "/api/v1/applications", summary: "Create an application with its first events; 201 means durable", route: .createApplication, request: "NewApplication", success: "201"),
        .init(method: "post", path: "/api/v1/applications/{id}/events", summary: "Append one event or a list; all or nothing", route: .appendEvents, request: "EventOrList", success: "201"),
        .init(method: "post", path: "/api/v1/events", summary: "Bulk append for integrations: {\"events\": [{\"application\", \"event\"}]}; all or nothing", route: .bulkEvents, request: "BulkEvents", success: "201"),
        .init(method: "get", path: "/api/v1/applications/{id}", summary: "An application, its events and its current findings", route: .getApplication, request: nil, success: "200"),
        .init(method: "get", path: "/api/v1/findings", summary: "Findings, filtered by code, provider, from, to", route: .listFindings, request: nil, success: "200"),
        .init(method: "post", path: "/api/v1/risk", summary: "Risk assessment as `rasim risk` (contracts/risk.md)", route: .assessRisk, request: "RiskInput", success: "200"),
        .init(method: "post", path: "/api/v1/checklists/score", summary: "Score a filled checklist as `rasim checklist score`", route: .scoreChecklist, request: "ChecklistAnswers", success: "200"),
        .init(method: "get", path: "/api/v1/me", summary: "The caller: user name, role, organizations, CSRF token of a session", route: .whoAmI, request: nil, success: "200"),
    ]

    static let document: String = {
        var paths: [String: [(String, String)]] = [:]
        var order: [String] = []
        for op in operations {
            var responses: [(String, String)] = [(op.success, ##"{"description": "success"}"##)]
            if op.route != nil {
                responses += [("400", ref("invalid input")), ("401", ref("no credentials")), ("403", ref("role may not")),
                              ("404", ref("unknown id")), ("409", ref("conflict")), ("422", ref("breaks a rule"))]
            }
            var fields: [(String, String)] = [("summary", JSONText.string(op.summary)),
                                              ("operationId", JSONText.string(op.method + op.path.replacingOccurrences(of: "/", with: "_")))]
            if let r = op.route {
                let roles = Permissions.matrix[r]!.map(\.rawValue).sorted()
                fields.append(("description", JSONText.string("Roles: " + roles.joined(separator: ", "))))
                fields.append(("security", #"[{"bearer": []}, {"session": []}]"#))
            }
            var params: [String] = []
            if op.path.contains("{id}") {
                params.append(##"{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}"##)
            }
            if op.path == "/api/v1/findings" {
                for q in ["code", "provider", "from", "to"] {
                    params.append("{\"name\": \"\(q)\", \"in\": \"query\", \"required\": false, \"schema\": {\"type\": \"string\"}}")
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
        let pathsJSON = JSONText.object(order.map { ($0, JSONText.object(paths[$0]!)) })
        let schemaList: [(String, String)] = [
            ("Error", ##"{"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "path"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "path": {"type": "string"}}}}}"##),
            ("Login", ##"{"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}"##),
            ("Event", ##"{"type": "object", "required": ["type", "at"], "properties": {"type": {"type": "string", "enum": ["submitted", "received", "registered", "monitoring_recorded", "documents_requested", "documents_added", "payment_demanded", "hearing_notified", "hearing_held", "refused", "result_issued", "complaint_registered", "complaint_answered"]}, "at": {"type": "string", "format": "date-time"}}, "additionalProperties": true}"##),
            ("EventOrList", ##"{"oneOf": [{"$ref": "#/components/schemas/Event"}, {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}]}"##),
            ("NewApplication", ##"{"type": "object", "required": ["service", "channel", "events"], "properties": {"id": {"type": "string"}, "service": {"type": "string"}, "channel": {"type": "string", "enum": ["electronic", "paper", "state_corporation"]}, "provider": {"type": "string"}, "applicant": {"type": "string"}, "queuePosition": {"type": "integer", "minimum": 1}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}"##),
            ("BulkEvents", ##"{"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "object", "required": ["application", "event"], "properties": {"application": {"type": "string"}, "event": {"$ref": "#/components/schemas/Event"}}}}}}"##),
            ("RiskInput", ##"{"type": "object", "required": ["asOf", "subjects"], "properties": {"asOf": {"type": "string", "format": "date"}, "subjects": {"type": "array", "items": {"type": "object"}}}}"##),
            ("ChecklistAnswers", ##"{"type": "object", "required": ["subject", "answers"], "properties": {"subject": {"type": "string"}, "bin": {"type": "string"}, "answers": {"type": "array", "items": {"type": "object", "required": ["requirement", "complies"], "properties": {"requirement": {"type": "integer", "minimum": 1, "maximum": 19}, "complies": {"type": "boolean"}}}}}}"##),
        ]
        let schemas = JSONText.object(schemaList)
        return JSONText.object([
            ("openapi", JSONText.string("3.1.0")),
            ("info", JSONText.object([("title", JSONText.string("Rasim API")), ("version", JSONText.string("1.0.0")),
                                      ("description", JSONText.string("Public-service applications judged against the law (contracts/api.md). Errors: {\"error\": {\"code\", \"message\", \"path\"}}."))])),
            ("paths", pathsJSON),
            ("components", JSONText.object([
                ("schemas", schemas),
                ("securitySchemes", ##"{"bearer": {"type": "http", "scheme": "bearer"}, "session": {"type": "apiKey", "in": "cookie", "name": "rasim_session"}}"##),
            ])),
        ])
    }()

    static func ref(_ d: String) -> String {
        "{\"description\": \(JSONText.string(d)), \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}"
    }
}
