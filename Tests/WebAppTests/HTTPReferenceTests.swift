import Foundation
import TestSupport
import Testing

/// docs/reference/http.md's generated part is /openapi.json as the server serves it: every operation with its roles,
/// body, answers, and every schema with its fields. The page and the API cannot drift apart.
@Suite struct HTTPReferenceTests {
    @Test func theHTTPReferenceIsTheServedDocument() async throws {
        let text = try await withAPI(demoApplications: 1) { _, client in try await client.get("/openapi.json").text }
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        try GeneratedPart.check("docs/reference/http.md", generated: HTTPReference.render(doc), suite: "theHTTPReferenceIsTheServedDocument")
    }

    @Test func aSchemaRendersAsItsFields() {
        let schema: [String: Any] = ["type": "object", "required": ["id"], "properties": [
            "id": ["type": "string", "pattern": "^[0-9]{12}$"],
            "tags": ["type": "array", "items": ["$ref": "#/components/schemas/Tag"]],
            "at": ["type": ["string", "null"], "format": "date"],
            "kind": ["enum": ["a", "b"]],
            "inner": ["type": "object", "properties": ["n": ["type": "integer", "minimum": 1]]],
        ]]
        let rows = HTTPReference.fields(schema, prefix: "")
        #expect(rows == [
            "| `at` | date or null |  |  |",
            "| `id` | string | yes | pattern `^[0-9]{12}$` |",
            "| `inner` | object |  |  |",
            "| `inner.n` | integer |  | at least 1 |",
            "| `kind` | one of `a`, `b` |  |  |",
            "| `tags` | list of [Tag](#tag) |  |  |",
        ])
    }
}

/// The HTTP reference as Markdown, from an OpenAPI 3.1 document: the operations by path, then the schemas.
enum HTTPReference {
    static let methods = ["get", "post", "put", "patch", "delete"]

    static func render(_ doc: [String: Any]) -> String {
        var out = ""
        let info = (doc["info"] as? [String: Any]) ?? [:]
        out += "API version \(info["version"] as? String ?? "?") (OpenAPI \(doc["openapi"] as? String ?? "?")).\n\n"
        let paths = (doc["paths"] as? [String: [String: Any]]) ?? [:]
        out += "## Operations\n\n| method | path | what it does |\n|---|---|---|\n"
        var sections = ""
        for path in paths.keys.sorted() {
            for method in methods {
                guard let op = paths[path]?[method] as? [String: Any] else { continue }
                let title = "\(method.uppercased()) \(path)"
                out += "| \(method.uppercased()) | [`\(path)`](#\(Markdown.slug(title))) | \(cell(op["summary"] as? String ?? "")) |\n"
                sections += "\n### \(title)\n\n" + cell(op["summary"] as? String ?? "") + "\n\n"
                if let roles = op["description"] as? String, roles.hasPrefix("Roles: ") { sections += "- **Roles:** \(roles.dropFirst(7))\n" }
                else if op["security"] == nil { sections += "- **Roles:** no sign-in needed\n" }
                if let params = op["parameters"] as? [[String: Any]], !params.isEmpty {
                    sections += "- **Parameters:** " + params.map { p in
                        let schema = (p["schema"] as? [String: Any]).map { " (" + type(of: $0) + ")" } ?? ""
                        let required = (p["required"] as? Bool) == true ? ", required" : ""
                        let d = (p["description"] as? String).map { ": " + cell($0) } ?? ""
                        return "`\(p["name"] as? String ?? "?")` in \(p["in"] as? String ?? "?")\(schema)\(required)\(d)"
                    }.joined(separator: "; ") + "\n"
                }
                if let body = op["requestBody"] as? [String: Any] { sections += "- **Body:** " + content(body) + "\n" }
                let responses = (op["responses"] as? [String: [String: Any]]) ?? [:]
                for status in responses.keys.sorted() {
                    let r = responses[status] ?? [:]
                    sections += "- **\(status)** \(cell(r["description"] as? String ?? ""))" + (r["content"] == nil ? "" : ": " + content(r)) + "\n"
                }
            }
        }
        out += sections
        let schemas = ((doc["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]) ?? [:]
        out += "\n## Schemas\n"
        for name in schemas.keys.sorted() {
            let s = schemas[name] ?? [:]
            out += "\n### \(name)\n\n"
            if let d = s["description"] as? String { out += cell(d) + "\n\n" }
            let rows = fields(s, prefix: "")
            if rows.isEmpty { out += "A value of type " + type(of: s) + ".\n" }
            else { out += "| field | type | required | notes |\n|---|---|---|---|\n" + rows.joined(separator: "\n") + "\n" }
        }
        return out
    }

    /// A body's or an answer's media types and schemas.
    static func content(_ part: [String: Any]) -> String {
        let media = (part["content"] as? [String: [String: Any]]) ?? [:]
        return media.keys.sorted().map { m in
            "`\(m)`" + ((media[m]?["schema"] as? [String: Any]).map { " " + type(of: $0) } ?? "")
        }.joined(separator: " or ")
    }

    /// A schema's type in words: a link for a reference, the values of an enum, "list of …", alternatives with "or".
    static func type(of s: [String: Any]) -> String {
        if let ref = s["$ref"] as? String, let name = ref.split(separator: "/").last { return "[\(name)](#\(Markdown.slug(String(name))))" }
        if let values = s["enum"] as? [Any] { return "one of " + values.map { "`\($0)`" }.joined(separator: ", ") }
        if let c = s["const"] { return "`\(c)`" }
        for k in ["oneOf", "anyOf"] { if let alts = s[k] as? [[String: Any]] { return alts.map(type(of:)).joined(separator: " or ") } }
        if let all = s["allOf"] as? [[String: Any]] { return all.map(type(of:)).joined(separator: " and ") }
        let types: [String] = (s["type"] as? [String]) ?? ((s["type"] as? String).map { [$0] } ?? [])
        let words = types.map { t -> String in
            switch t {
            case "array": return "list of " + ((s["items"] as? [String: Any]).map(type(of:)) ?? "values")
            case "string": return (s["format"] as? String) ?? "string"
            default: return t
            }
        }
        return words.isEmpty ? "any" : words.joined(separator: " or ")
    }

    /// A row per field, nested objects' fields under dotted names (and a list's items under `name[]`).
    static func fields(_ s: [String: Any], prefix: String) -> [String] {
        let properties = (s["properties"] as? [String: [String: Any]]) ?? [:]
        let required = Set((s["required"] as? [String]) ?? [])
        var rows: [String] = []
        for name in properties.keys.sorted() {
            let p = properties[name] ?? [:]
            let path = prefix + name
            rows.append("| `\(path)` | \(cell(type(of: p))) | \(required.contains(name) ? "yes" : "") | \(cell(notes(p))) |")
            if p["properties"] != nil { rows += fields(p, prefix: path + ".") }
            if let items = p["items"] as? [String: Any], items["properties"] != nil { rows += fields(items, prefix: path + "[].") }
        }
        return rows
    }

    static func notes(_ p: [String: Any]) -> String {
        var n: [String] = []
        if let d = p["description"] as? String { n.append(d) }
        if let pattern = p["pattern"] as? String { n.append("pattern `\(pattern)`") }
        if let v = p["minimum"] { n.append("at least \(v)") }
        if let v = p["maximum"] { n.append("at most \(v)") }
        if let v = p["minLength"] { n.append("at least \(v) characters") }
        if let v = p["maxLength"] { n.append("at most \(v) characters") }
        if let v = p["minItems"] { n.append("at least \(v) items") }
        if let v = p["maxItems"] { n.append("at most \(v) items") }
        if (p["uniqueItems"] as? Bool) == true { n.append("no repeats") }
        if let v = p["default"] { n.append("default `\(v)`") }
        return n.joined(separator: "; ")
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
