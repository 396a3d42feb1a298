import HTTPTypes
import Identifiers
import JSONKit

/// A documented route of the JSON API: what `/openapi.json` says about it. The platform and each feature
/// declare their own; `APIDocument` writes them into one OpenAPI 3.1 document, with the roles of the
/// permission matrix, so the document, the router and the matrix cannot drift (a test checks the three agree).
public struct APIOperation: Sendable {
    public let method: String, path: String, id: String, summary: String, route: RouteID?, request: String?
    /// The success status and its body's schema (a key of the schemas), or nil for a non-JSON body.
    public let success: (status: Int, schema: String?)
    /// Every error status the route answers (each with the `Error` body).
    public let errors: [Int]
    /// Query parameters beyond `{id}` (OpenAPI parameter objects, as JSON text).
    public let parameters: [String]
    /// Links from the success answer to other operations (name → OpenAPI link object as JSON text).
    public let links: [(String, String)]
    /// A request that succeeds on the demo data (with the success status): the document's example, and what the
    /// role-matrix test sends on the feature's behalf — so a new act's routes are checked without a test to edit.
    public let example: Example?

    public struct Example: Sendable {
        /// A request: its method (lower-case, as `APIOperation.method`), path and query, JSON body.
        public struct Request: Sendable {
            public let method: String, uri: String, body: String?
            public init(_ method: String, _ uri: String, _ body: String? = nil) { self.method = method; self.uri = uri; self.body = body }
        }
        /// The path with its ids filled in, and any query.
        public let uri: String
        /// The JSON body, nil for none.
        public let body: String?
        /// Sent by an administrator, in order, before the role matrix runs: what the examples need to find stored.
        public let before: [Request]
        public init(uri: String, body: String? = nil, before: [Request] = []) { self.uri = uri; self.body = body; self.before = before }
    }

    public init(method: String, path: String, id: String, summary: String, route: RouteID?, request: String?,
                success: (status: Int, schema: String?), errors: [Int], parameters: [String] = [], links: [(String, String)] = [],
                example: Example? = nil) {
        self.method = method; self.path = path; self.id = id; self.summary = summary; self.route = route; self.request = request
        self.success = success; self.errors = errors; self.parameters = parameters; self.links = links; self.example = example
    }
}

public enum APIDocument {
    /// The OpenAPI 3.1 document of these operations and schemas (name → JSON Schema text).
    public static func json(operations: [APIOperation], schemas: [(String, String)], permissions: Permissions, description: String) -> String {
        var paths: [String: [(String, String)]] = [:]
        var order: [String] = []
        for op in operations {
            var success = op.success.schema.map { "{\"description\": \"success\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/\($0)\"}}}}" }
                ?? ##"{"description": "success", "content": {"text/plain": {"schema": {"type": "string"}}}}"##
            if !op.links.isEmpty { success = String(success.dropLast()) + ", \"links\": " + JSONText.object(op.links) + "}" }
            var responses: [(String, String)] = [(String(op.success.status), success)]
            var errors = op.errors
            if let r = op.route {
                errors.append(401)
                if op.method == "post" || (permissions.matrix[r] ?? []).count < permissions.roles.all.count { errors.append(403) }
            }
            for status in Set(errors).sorted() { responses.append((String(status), errorResponse(reasons[status] ?? "error"))) }
            var fields: [(String, String)] = [("summary", JSONText.string(op.summary)), ("operationId", JSONText.string(op.id))]
            if let r = op.route {
                let roles = (permissions.matrix[r] ?? []).map(\.rawValue).sorted()
                fields.append(("description", JSONText.string("Roles: " + roles.joined(separator: ", "))))
                fields.append(("security", #"[{"bearer": []}, {"session": []}]"#))
            } else if op.path == "/logout" {
                fields.append(("security", #"[{"session": []}]"#))
            }
            var params: [String] = []
            if op.path.contains("{id}") {
                params.append("{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": \(Schemas.id)}")
            }
            params += op.parameters
            if !params.isEmpty { fields.append(("parameters", "[" + params.joined(separator: ", ") + "]")) }
            if let req = op.request {
                let example = op.example?.body.map { ", \"example\": \($0)" } ?? ""
                fields.append(("requestBody", "{\"required\": true, \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/\(req)\"}\(example)}}}"))
            }
            fields.append(("responses", JSONText.object(responses)))
            if paths[op.path] == nil { order.append(op.path) }
            paths[op.path, default: []].append((op.method, JSONText.object(fields)))
        }
        let pathsJSON = JSONText.object(order.map { ($0, JSONText.object(paths[$0] ?? [])) })
        return JSONText.object([
            ("openapi", JSONText.string("3.1.0")),
            ("info", JSONText.object([("title", JSONText.string("Rasim API")), ("version", JSONText.string("1.1.0")),
                                      ("description", JSONText.string(description))])),
            ("paths", pathsJSON),
            ("components", JSONText.object([
                ("schemas", JSONText.object(schemas)),
                ("securitySchemes", ##"{"bearer": {"type": "http", "scheme": "bearer"}, "session": {"type": "apiKey", "in": "cookie", "name": "rasim_session"}}"##),
            ])),
        ])
    }

    /// (method, path, Allow) of every 405 route: each method a documented path does not answer
    /// (RFC 9110 §15.5.6); HEAD is answered wherever GET is (`HeadAsGet`).
    public static func refusedMethods(_ operations: [APIOperation]) -> [(HTTPRequest.Method, String, String)] {
        let all: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!]
        let byPath = Dictionary(grouping: operations, by: \.path).mapValues { $0.map { $0.method.uppercased() } }
        return byPath.sorted { $0.key < $1.key }.flatMap { path, documented in
            let methods = documented.contains("GET") ? documented + ["HEAD"] : documented
            let allow = methods.joined(separator: ", ")
            return all.filter { !methods.contains($0.rawValue) }.map { ($0, path, allow) }
        }
    }

    static let reasons: [Int: String] = [
        400: "invalid input (the error's path names the field)", 401: "no or wrong credentials", 403: "the role may not, or a missing CSRF token",
        404: "unknown id", 409: "a conflict, such as an id that exists", 413: "the body is too large", 422: "well-formed, but breaks a rule",
        429: "too many failed sign-ins", 503: "the database cannot write now (disk full, read-only) or cannot be used",
    ]

    static func errorResponse(_ d: String) -> String {
        "{\"description\": \(JSONText.string(d)), \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}"
    }

    /// The server's own value rules as JSON Schemas (Identifiers: `RecordID`, `TextRule`, …), so that a
    /// generated client and a schema-driven tester see the same values the server accepts.
    public enum Schemas {
        public static let id = "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": \(RecordID.maxLength), \"pattern\": \(JSONText.string(RecordID.pattern))}"
        public static let text = "{\"type\": \"string\", \"pattern\": \(JSONText.string(TextRule.pattern))}"
        public static let nonEmptyText = "{\"type\": \"string\", \"minLength\": 1, \"pattern\": \(JSONText.string(TextRule.pattern))}"
        public static let date = ##"{"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}"##
        public static let instant = ##"{"type": "string", "format": "date-time", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$"}"##
        public static let count = ##"{"type": "integer", "minimum": 0, "maximum": 9007199254740991}"##
        public static let bin = ##"{"type": "string", "pattern": "^[0-9]{12}$", "description": "12 digits with a valid check digit (422 otherwise)"}"##
        public static let name = "{\"type\": \"string\", \"maxLength\": \(NameRule.maxLength), \"pattern\": \(JSONText.string(NameRule.pattern))}"
        public static let username = "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": \(UsernameRule.maxLength), \"pattern\": \(JSONText.string(UsernameRule.pattern))}"
        /// 8 characters or more; at most 72 bytes in UTF-8 (bcrypt reads no further: 422 past that).
        public static let password = "{\"type\": \"string\", \"minLength\": 8, \"maxLength\": 72, \"pattern\": \(JSONText.string(TextRule.linePattern))}"

        /// An object of these properties; one not `required` may also be null — the readers take null as absent
        /// (`Fields.optional`), and the description says so. `closed`: no other property.
        public static func object(_ required: [String], _ properties: [(String, String)], closed: Bool = false) -> String {
            let props = properties.map { name, schema in
                "\"\(name)\": " + (required.contains(name) ? schema : "{\"anyOf\": [{\"type\": \"null\"}, \(schema)]}")
            }
            return "{\"type\": \"object\", " + (required.isEmpty ? "" : "\"required\": [" + required.map { "\"\($0)\"" }.joined(separator: ", ") + "], ")
                + (closed ? "\"additionalProperties\": false, " : "") + "\"properties\": {" + props.joined(separator: ", ") + "}}"
        }

        /// A list of `items`.
        public static func array(_ items: String, unique: Bool = false) -> String {
            "{\"type\": \"array\", " + (unique ? "\"uniqueItems\": true, " : "") + "\"items\": \(items)}"
        }

        /// One of these texts.
        public static func oneOf(_ values: [String]) -> String { "{\"enum\": [" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]}" }

        /// `template` with its placeholders filled: @ID@, @TEXT@, @NETEXT@, @DATE@, @INSTANT@, @COUNT@, @BIN@, @NAME@,
        /// @USERNAME@, @PASSWORD@, @TEXTPATTERN@, and any of `extra` (placeholder → schema).
        public static func fill(_ template: String, extra: [String: String] = [:]) -> String {
            var out = template
            for (placeholder, schema) in extra { out = out.replacingOccurrences(of: placeholder, with: schema) }
            return out.replacingOccurrences(of: "@ID@", with: id).replacingOccurrences(of: "@TEXT@", with: text)
                .replacingOccurrences(of: "@NETEXT@", with: nonEmptyText).replacingOccurrences(of: "@DATE@", with: date)
                .replacingOccurrences(of: "@INSTANT@", with: instant).replacingOccurrences(of: "@COUNT@", with: count)
                .replacingOccurrences(of: "@NAME@", with: name)
                .replacingOccurrences(of: "@USERNAME@", with: username).replacingOccurrences(of: "@PASSWORD@", with: password)
                .replacingOccurrences(of: "@BIN@", with: bin).replacingOccurrences(of: "@TEXTPATTERN@", with: JSONText.string(TextRule.pattern))
        }
    }
}
