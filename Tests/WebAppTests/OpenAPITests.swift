import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegalCore
import Testing
import WebKit
import WebServer

/// /openapi.json against the routes the server actually has.
@Suite struct OpenAPITests {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// (METHOD, path) of every operation in the document.
    static func operations(_ doc: [String: Any]) -> Set<String> {
        var out: Set<String> = []
        for (path, item) in (doc["paths"] as? [String: Any]) ?? [:] {
            for (method, _) in (item as? [String: Any]) ?? [:] where methods.contains(method) {
                out.insert(method.uppercased() + " " + path)
            }
        }
        return out
    }

    static func fetchDocument(_ client: APIClient) async throws -> [String: Any] {
        let reply = try await client.get("/openapi.json")
        #expect(reply.status == .ok)
        #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
        return try #require(reply.json as? [String: Any], "not a JSON object: \(reply.text.prefix(200))")
    }

    @Test func isOpenAPI31() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let doc = try await OpenAPITests.fetchDocument(client)
            let version = try #require(doc["openapi"] as? String)
            #expect(version.hasPrefix("3.1"), "openapi = \(version)")
            #expect(dig(doc, "info", "title") is String)
            #expect(dig(doc, "info", "version") is String)
            #expect(doc["paths"] is [String: Any])
        }
    }

    @Test func documentedOperationsEqualTheRouterRoutes() async throws {
        let (routed, doc): (Set<String>, [String]) = try await withAPI(demoApplications: 1) { h, client in
            // The machine interface is documented; the web workspace's HTML pages are not part of it.
            // (The 405 answers for the methods a documented path does not take are routes too: not operations.)
            let refusals = Set(h.server.refusedMethods.map { "\($0.0.rawValue) \($0.1)" })
            let routed = Set(h.server.router(pages: false).routes.map { "\($0.method.rawValue) \($0.path)" }).subtracting(refusals)
            #expect(h.server.router().routes.count > routed.count, "the full router also serves the pages")
            let d = try await OpenAPITests.fetchDocument(client)
            return (routed, Array(OpenAPITests.operations(d)))
        }
        #expect(!routed.isEmpty)
        let documented = Set(doc)
        #expect(documented == routed, "documented but not routed: \(documented.subtracting(routed).sorted()); routed but not documented: \(routed.subtracting(documented).sorted())")
    }

    @Test func everyDocumentedOperationIsAnsweredByARoute() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let doc = try await OpenAPITests.fetchDocument(client)
            let ops = OpenAPITests.operations(doc)
            #expect(ops.count >= APIFixtures.permissions.routes.count + 3)
            for op in ops.sorted() {
                let parts = op.split(separator: " ", maxSplits: 1).map(String.init)
                let method = HTTPRequest.Method(parts[0])!
                let uri = parts[1].replacingOccurrences(of: "{id}", with: "NO-SUCH-APPLICATION")
                // As admin: a route answers something other than a bare 404; an unknown id answers a JSON 404.
                let reply = try await client.call(method, uri, as: .admin, json: method == .get ? nil : "{}")
                if reply.status == .notFound {
                    #expect(reply.error?.code == "not_found", "\(op) looks unrouted: \(reply)")
                }
                #expect(reply.status != .methodNotAllowed, "\(op): \(reply)")
            }
        }
    }

    @Test func everyRouteIDIsDocumentedWithItsRoles() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let doc = try await OpenAPITests.fetchDocument(client)
            for route in APIFixtures.permissions.routes {
                let parts = route.rawValue.split(separator: " ", maxSplits: 1).map(String.init)
                let op = dig(doc, "paths", parts[1], parts[0].lowercased()) as? [String: Any]
                guard let op else { Issue.record("\(route.rawValue) is not in the document"); continue }
                let description = (op["description"] as? String) ?? ""
                let roles = APIFixtures.permissions.matrix[route]!.map(\.rawValue).sorted()
                #expect(description.contains("Roles: " + roles.joined(separator: ", ")), "\(route.rawValue): \(description)")
                // Roles that may not call the route are not listed.
                let listed = Set(description.replacingOccurrences(of: "Roles: ", with: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(listed == Set(roles), "\(route.rawValue): \(listed)")
                #expect(op["security"] != nil, "\(route.rawValue) declares no security")
                let responses = (op["responses"] as? [String: Any]) ?? [:]
                #expect(responses["401"] != nil, "\(route.rawValue) documents no 401")
                // 403: a role that may not call it, or a session's write without its CSRF token.
                let mayBeForbidden = roles.count < APIFixtures.permissions.roles.all.count || parts[0] == "POST"
                if mayBeForbidden { #expect(responses["403"] != nil, "\(route.rawValue) documents no 403") }
                if route.rawValue.contains("{id}") {
                    let params = (op["parameters"] as? [[String: Any]]) ?? []
                    #expect(params.contains { $0["name"] as? String == "id" && $0["in"] as? String == "path" && bool($0["required"]) == true })
                }
            }
        }
    }

    @Test func referencesResolve() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let doc = try await OpenAPITests.fetchDocument(client)
            let text = String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
            let schemas = (dig(doc, "components", "schemas") as? [String: Any]) ?? [:]
            let refs = text.components(separatedBy: "\"$ref\":\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            #expect(!refs.isEmpty)
            for ref in refs {
                #expect(ref.hasPrefix("#/components/schemas/"), "\(ref)")
                #expect(schemas[String(ref.dropFirst("#/components/schemas/".count))] != nil, "unresolved \(ref)")
            }
            for scheme in ["bearer", "session"] {
                #expect(dig(doc, "components", "securitySchemes", scheme) != nil, "security scheme \(scheme)")
            }
        }
    }

    @Test func undocumentedPathsAnswer404() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for uri in ["/api/v1/nothing-here", "/api/v2/services", "/api/v1/applications/A-2025-0001/nothing", "/admin"] {
                let reply = try await client.get(uri, as: .admin)
                #expect(reply.status == .notFound, "\(uri): \(reply)")
            }
            // A documented path with an undocumented method is not served either: 405 with what it takes.
            let put = try await client.call(.put, "/api/v1/services", as: .admin, json: "{}")
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, POST, HEAD", "\(put)")
        }
    }

    /// What a generated client needs: ids it can turn into names, a schema for every success body, and the
    /// statuses each route really answers.
    @Test func everyOperationDescribesItsAnswers() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let doc = try await OpenAPITests.fetchDocument(client)
            var ids: Set<String> = []
            for (path, item) in (doc["paths"] as? [String: [String: Any]]) ?? [:] {
                for (method, raw) in item {
                    let op = try #require(raw as? [String: Any])
                    let id = try #require(op["operationId"] as? String, "\(method) \(path): no operationId")
                    #expect(id.wholeMatch(of: /[A-Za-z][A-Za-z0-9_]*/) != nil, "\(method) \(path): operationId \(id)")
                    #expect(ids.insert(id).inserted, "operationId \(id) twice")
                    let responses = try #require(op["responses"] as? [String: Any])
                    let success = responses.filter { $0.key.hasPrefix("2") }
                    #expect(success.count == 1, "\(method) \(path): \(success.keys)")
                    for (_, r) in success {
                        let content = (r as? [String: Any])?["content"] as? [String: Any]
                        #expect(content?.isEmpty == false, "\(method) \(path): the success body is not described")
                        if path != "/metrics" {
                            #expect(dig(content ?? [:], "application/json", "schema") != nil, "\(method) \(path): no JSON schema")
                        }
                    }
                    if op["security"] != nil { #expect(responses["401"] != nil, "\(method) \(path) documents no 401") }
                }
            }
            for code in ["400", "401", "429"] { #expect(dig(doc, "paths", "/login", "post", "responses", code) != nil, "/login \(code)") }
            #expect(dig(doc, "paths", "/logout", "post", "responses", "401") != nil)
            let from = dig(doc, "paths", "/api/v1/findings", "get", "parameters") as? [[String: Any]] ?? []
            #expect(from.contains { p in
                p["name"] as? String == "from" && ((dig(p, "schema", "anyOf") as? [[String: Any]]) ?? []).contains { $0["format"] as? String == "date" }
            })
        }
    }
}

/// A feature that claims what another part of the server already declares is refused when the server is made.
@Suite struct FeatureClashTests {
    struct Clash: WebFeature {
        var permissions: [RoutePermission] = []
        var operations: [APIOperation] = []
        var schemas: [(String, String)] = []
        var translations: [Language: [String: String]] { [:] }
        var templates: [String: String] = [:]
        var navigation: [NavItem] { [] }
        func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {}
    }

    @Test func aRouteOperationOrSchemaDeclaredTwiceIsRefused() async throws {
        try await withAPI(demoApplications: 1) { h, _ in
            let store = h.store
            var route = Clash(); route.permissions = [RoutePermission(.listFindings, [.admin])]
            var op = Clash(); op.operations = [APIOperation(method: "get", path: "/api/v1/findings", id: "again", summary: "", route: nil, request: nil,
                                                            success: (200, nil), errors: [])]
            var schema = Clash(); schema.schemas = [("Finding", "{}")]
            for clash in [route, op, schema] {
                #expect(throws: (any Error).self) { try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features + [clash]) }
            }
            #expect(throws: Never.self) { try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features + [Clash()]) }
            // A template of the layout given again: the workspace does not start (the API still serves), and says why.
            var layout = Clash(); layout.templates = ["header": "{{title}}"]
            let server = try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features + [layout])
            let app = Application(router: HeadAsGet(server.router()))
            try await app.test(.router) { client in
                let home = try await client.execute(uri: "/", method: .get)
                #expect(home.status == .serviceUnavailable && String(buffer: home.body).contains("the template header is given twice"))
                #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            }
            // A translation key another part gives is refused too.
            #expect(throws: (any Error).self) {
                try RasimServer.translations(features: APIFixtures.features + [APIFixtures.features[0]])
            }
        }
    }
}

/// The next act needs nothing of the platform but the interface: a feature declared here (a JSON route, its
/// documentation, a page with its template, translations and navigation) is served, documented, guarded by the
/// role matrix and linked for the roles that may use it — with no change to the server.
@Suite struct FeaturePlugInTests {
    struct Notes: WebFeature {
        static let route = RouteID("GET /api/v1/notes")
        static let auditClerk = Role(rawValue: "audit_clerk")
        var roles: [RoleDeclaration] { [RoleDeclaration(Self.auditClerk)] }
        var permissions: [RoutePermission] { [RoutePermission(Self.route, [.inspector, Self.auditClerk])] }
        var operations: [APIOperation] {
            [APIOperation(method: "get", path: "/api/v1/notes", id: "listNotes", summary: "Notes", route: Self.route, request: nil,
                          success: (200, "Notes"), errors: [])]
        }
        var schemas: [(String, String)] { [("Notes", #"{"type": "object", "required": ["notes"], "properties": {"notes": {"type": "array"}}}"#)] }
        var translations: [Language: [String: String]] {
            [.kk: ["nav_notes": "Жазбалар", "notes_title": "Тексеру жазбалары", "role_audit_clerk": "Тексеру хатшысы"],
             .ru: ["nav_notes": "Заметки", "notes_title": "Заметки проверки", "role_audit_clerk": "Секретарь проверки"]]
        }
        var templates: [String: String] { ["notes": #"{{> header}}<p id="notes">{{t.notes_title}}</p>{{> footer}}"#] }
        var navigation: [NavItem] { [NavItem(href: "/notes", label: "nav_notes", route: Self.route)] }
        func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
            api.get("notes") { _, ctx in
                _ = try platform.authorize(Self.route, ctx)
                return Requests.answer(.ok, #"{"notes": []}"#)
            }
            guard let kit = platform.pages else { return }
            root.get("notes") { req, ctx in
                await kit.guarded(req, ctx, route: Self.route) { v in kit.render("notes", kit.base(v, title: kit.i18n.t("notes_title", v.lang))) }
            }
        }
    }

    @Test func aNewActPlugsInWithoutPlatformChanges() async throws {
        try await withAPI(demoApplications: 1) { h, _ in
            let server = try RasimServer(store: h.store, calendar: APIFixtures.calendar, features: APIFixtures.features + [Notes()])
            #expect(server.permissions.allows(.inspector, Notes.route) && !server.permissions.allows(.registrar, Notes.route))
            let app = Application(router: HeadAsGet(server.router()))
            try await app.test(.router) { raw in
                let client = APIClient(raw: raw)
                #expect(try await client.get("/api/v1/notes", as: .inspector).status == .ok)
                #expect(try await client.get("/api/v1/notes", as: .registrar).status == .forbidden)
                #expect(try await client.get("/api/v1/notes").status == .unauthorized)
                let post = try await client.post("/api/v1/notes", "{}", as: .inspector)
                #expect(post.status == .methodNotAllowed && post.headers[.allow] == "GET, HEAD")
                let doc = try await client.get("/openapi.json").object
                let op = ((doc["paths"] as? [String: Any])?["/api/v1/notes"] as? [String: Any])?["get"] as? [String: Any]
                #expect(op?["operationId"] as? String == "listNotes" && op?["description"] as? String == "Roles: audit_clerk, inspector")
                let (inspector, _) = try await PagesTests.signIn(client, "inspector")
                let page = try await client.call(.get, "/notes", headers: inspector)
                #expect(page.status == .ok && page.text.contains("Тексеру жазбалары") && page.text.contains(#"<a href="/notes" aria-current="page">Жазбалар</a>"#),
                        "\(page.text.prefix(800))")
                let (registrar, _) = try await PagesTests.signIn(client, "registrar")
                let dashboard = try await client.call(.get, "/dashboard", headers: registrar)
                #expect(dashboard.status == .ok && !dashboard.text.contains(#"href="/notes""#), "a link the role may not use is not shown")
                #expect(try await client.call(.get, "/notes", headers: registrar).status == .forbidden)
                // Its role: an account of it can be made, is documented, signs in, and may call exactly what the matrix says.
                let roleEnum = ((((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])?["UserInput"] as? [String: Any])?["properties"] as? [String: Any])?["role"] as? [String: Any]
                #expect((roleEnum?["enum"] as? [String])?.contains("audit_clerk") == true)
                let made = try await client.post("/api/v1/users", #"{"username": "lawyer", "password": "a-long-password", "role": "audit_clerk", "organizations": ["akimat-abai"]}"#, as: .admin)
                #expect(made.status == .created, "\(made)")
                #expect(try await client.post("/api/v1/users", #"{"username": "nobody", "password": "a-long-password", "role": "no_such_role", "organizations": ["akimat-abai"]}"#, as: .admin).status == .badRequest)
                let (lawyer, _) = try await PagesTests.signIn(client, "lawyer", password: "a-long-password")
                #expect(try await client.call(.get, "/notes", headers: lawyer).text.contains("Тексеру хатшысы"), "its role is named in the header")
                #expect(try await client.call(.get, "/api/v1/risk", headers: lawyer).status != .ok)
            }
            // The same account on a server without the feature: its role is unknown there, so it is not signed in (and told why).
            let plain = try RasimServer(store: h.store, calendar: APIFixtures.calendar, features: APIFixtures.features)
            try await Application(router: HeadAsGet(plain.router())).test(.router) { raw in
                let login = try await APIClient(raw: raw).call(.post, "/login", json: #"{"username": "lawyer", "password": "a-long-password"}"#)
                #expect(login.status == .forbidden && APISessionTests.sessionCookie(login) == nil, "\(login)")
                #expect(login.error?.message.contains("audit_clerk") == true)
            }
        }
    }

    @Test func aRoleDeclaredTwiceOrNamedButNotDeclaredIsRefused() throws {
        struct Twice: WebFeature {
            var roles: [RoleDeclaration] { [RoleDeclaration(.inspector)] }
            var permissions: [RoutePermission] { [] }
            var operations: [APIOperation] { [] }
            var schemas: [(String, String)] { [] }
            var translations: [Language: [String: String]] { [:] }
            var templates: [String: String] { [:] }
            var navigation: [NavItem] { [] }
            func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {}
        }
        #expect(throws: Roles.DuplicateRole.self) { try RasimServer.permissions(features: [Twice()]) }
        #expect(throws: Permissions.UnknownRole.self) {
            try Permissions([RoutePermission(RouteID("GET /x"), [Role(rawValue: "prosecutor")])], roles: .platformOnly)
        }
    }
}
