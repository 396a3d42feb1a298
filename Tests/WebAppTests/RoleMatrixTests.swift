import Foundation
import HTTPTypes
import RiskFeature
import Testing
import WebKit
import WebServer

/// The role × route matrix (`APIFixtures.permissions.matrix`), enforced on every route: every role against every route.
@Suite struct RoleMatrixTests {
    /// A request for a route with a body valid enough to pass validation for a role that may call it.
    /// Every route of `APIFixtures.permissions.routes` must have a request here (`everyRouteHasARequest` fails otherwise).
    static func request(_ route: RouteID, application: String, role: Role) -> (method: HTTPRequest.Method, uri: String, body: String?, success: HTTPResponse.Status) {
        switch route {
        case .listServices: return (.get, "/api/v1/services", nil, .ok)
        case .createApplication:
            return (.post, "/api/v1/applications", Bodies.application(provider: "akimat-abai", events: Bodies.opened("2025-03-03")), .created)
        case .appendEvents:
            return (.post, "/api/v1/applications/\(application)/events", Bodies.event("hearing_notified", "2025-03-04T10:00:00+05:00"), .created)
        case .bulkEvents:
            return (.post, "/api/v1/events",
                    "{\"events\": [{\"application\": \"\(application)\", \"event\": \(Bodies.event("monitoring_recorded", "2025-03-04T12:00:00+05:00"))}]}",
                    .created)
        case .getApplication: return (.get, "/api/v1/applications/\(application)", nil, .ok)
        case .listFindings: return (.get, "/api/v1/findings?code=term_breach", nil, .ok)
        case RiskAPI.assess: return (.post, "/api/v1/risk", Bodies.riskExample, .ok)
        case RiskAPI.scoreChecklist: return (.post, "/api/v1/checklists/score", Bodies.checklist, .ok)
        case .whoAmI: return (.get, "/api/v1/me", nil, .ok)
        // Administration: `application` names the official and the user these requests create, in the order
        // of `APIFixtures.permissions.routes`.
        case .putOrganization: return (.post, "/api/v1/organizations", #"{"id": "matrix-org", "name": "Matrix"}"#, .created)
        case .listOrganizations: return (.get, "/api/v1/organizations", nil, .ok)
        case .importServices: return (.post, "/api/v1/services", #"{"services": [{"id": "matrix-service", "term": {"workingDays": 5}}]}"#, .created)
        case .putOfficial:
            return (.post, "/api/v1/officials", "{\"id\": \"\(application)\", \"organization\": \"akimat-abai\", \"name\": \"M\", \"maySign\": [\"matrix-service\"]}", .created)
        case .listOfficials: return (.get, "/api/v1/officials", nil, .ok)
        case .addAbsence: return (.post, "/api/v1/officials/\(application)/absences", #"{"from": "2025-08-01", "to": "2025-08-05", "kind": "sick_leave"}"#, .created)
        case .addUser:
            return (.post, "/api/v1/users", "{\"username\": \"\(application)\", \"password\": \"matrix-pass\", \"role\": \"executor\", \"organizations\": [\"akimat-abai\"]}", .created)
        case .listUsers: return (.get, "/api/v1/users", nil, .ok)
        case .setPassword: return (.post, "/api/v1/users/\(application)/password", #"{"password": "matrix-pass-2"}"#, .ok)
        case .revokeTokens: return (.post, "/api/v1/users/\(application)/tokens/revoke", "{}", .ok)
        case .disableUser: return (.post, "/api/v1/users/\(application)/disable", nil, .ok)
        default:
            // A feature's route: the example its operation declares (APIOperation.example).
            guard let op = operations.first(where: { $0.route == route }), let ex = op.example else {
                return (.get, "/no-request-for/" + route.rawValue, nil, .ok)
            }
            return (HTTPRequest.Method(op.method.uppercased())!, ex.uri, ex.body, HTTPResponse.Status(code: op.success.status))
        }
    }

    static let operations = APIFixtures.features.flatMap(\.operations)

    /// The uri the request table uses matches the route's own "METHOD /path" (with `{id}` filled in).
    static func matches(_ route: RouteID, _ method: HTTPRequest.Method, _ uri: String, application: String) -> Bool {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        if let op = operations.first(where: { $0.route == route }), op.example != nil {
            // An example fills `{id}` with an id of the demo data.
            let pattern = op.path.split(separator: "/", omittingEmptySubsequences: false)
            let given = path.split(separator: "/", omittingEmptySubsequences: false)
            return route.rawValue == "\(method.rawValue) \(op.path)" && pattern.count == given.count
                && zip(pattern, given).allSatisfy { $0 == $1 || ($0.hasPrefix("{") && $0.hasSuffix("}")) }
        }
        return route.rawValue == "\(method.rawValue) " + path.replacingOccurrences(of: application, with: "{id}")
    }

    @Test func theMatrixCoversEveryRouteAndNamesOnlyKnownRoles() {
        #expect(Set(APIFixtures.permissions.matrix.keys) == Set(APIFixtures.permissions.routes))
        for route in APIFixtures.permissions.routes {
            #expect(!(APIFixtures.permissions.matrix[route] ?? []).isEmpty, "\(route.rawValue) allows nobody")
        }
        // The platform's roles and those the features declare, nothing else.
        #expect(Set(APIFixtures.permissions.roles.all.map(\.rawValue))
                == Set(["admin", "registrar", "executor", "signer", "internal_control", "inspector"] + APIFixtures.features.flatMap(\.roles).map(\.role.rawValue)))
        #expect(APIFixtures.features.flatMap(\.roles).count >= 1, "the features' roles are read")
    }

    @Test(arguments: APIFixtures.permissions.roles.all)
    func everyRouteForRole(_ role: Role) async throws {
        try await withAPI { h, client in
            // A fixture application visible to every role (akimat-abai is among the demo users' organizations).
            let fixture = "MATRIX-\(role.rawValue)"
            let created = try await client.post("/api/v1/applications",
                                                Bodies.application(id: fixture, provider: "akimat-abai", events: Bodies.opened("2025-03-03")), as: .admin)
            try #require(created.status == .created, "\(created)")
            // What the features' examples read, stored first (APIOperation.Example.before).
            for op in RoleMatrixTests.operations { for b in op.example?.before ?? [] {
                let stored = try await client.call(HTTPRequest.Method(b.method.uppercased())!, b.uri, as: .admin, json: b.body)
                try #require((200..<300).contains(stored.status.code), "\(op.id), before: \(b.uri): \(stored)")
            } }
            for route in APIFixtures.permissions.routes {
                let r = RoleMatrixTests.request(route, application: fixture, role: role)
                #expect(RoleMatrixTests.matches(route, r.method, r.uri, application: fixture), "request table out of step with \(route.rawValue)")
                let reply = try await client.call(r.method, r.uri, as: role, json: r.body)
                let label = "\(role.rawValue) → \(route.rawValue)"
                if APIFixtures.permissions.allows(role, route) {
                    #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(label) is allowed by the matrix but got \(reply)")
                    #expect(reply.status == r.success, "\(label): \(reply)")
                } else {
                    #expect(reply.status == .forbidden, "\(label) is forbidden by the matrix but got \(reply)")
                    #expect(reply.error?.code == "forbidden", "\(label): \(reply)")
                    #expect(reply.isJSON, "\(label): \(reply)")
                }
            }
            // A forbidden write leaves nothing behind: only the allowed roles' two events were added to the fixture.
            let allowedWrites = [RouteID.appendEvents, .bulkEvents].filter { APIFixtures.permissions.allows(role, $0) }.count
            #expect(try await h.eventCount(fixture) == 2 + allowedWrites)
        }
    }

    @Test func everyRouteWithoutCredentialsIs401JSON() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for route in APIFixtures.permissions.routes {
                let r = RoleMatrixTests.request(route, application: "A-00001", role: .admin)
                let reply = try await client.call(r.method, r.uri, json: r.body)
                #expect(reply.status == .unauthorized, "\(route.rawValue): \(reply)")
                #expect(reply.error?.code == "unauthorized", "\(route.rawValue): \(reply)")
                #expect(reply.isJSON, "\(route.rawValue): \(reply)")
            }
        }
    }

    @Test func anUnknownOrMalformedTokenIs401() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for route in APIFixtures.permissions.routes {
                let r = RoleMatrixTests.request(route, application: "A-00001", role: .admin)
                let unknown = try await client.call(r.method, r.uri, token: "not-a-token", json: r.body)
                #expect(unknown.status == .unauthorized && unknown.error?.code == "unauthorized", "\(route.rawValue): \(unknown)")
                let malformed = try await client.call(r.method, r.uri, json: r.body, headers: [.authorization: "Basic YWRtaW46cmFzaW0tZGVtbw=="])
                #expect(malformed.status == .unauthorized && malformed.error?.code == "unauthorized", "\(route.rawValue): \(malformed)")
            }
        }
    }

    @Test func publicRoutesNeedNoCredentials() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let health = try await client.get("/health")
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
            let doc = try await client.get("/openapi.json")
            #expect(doc.status == .ok && doc.isJSON, "\(doc.status)")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok, "\(metrics)")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test func rolesSeenThroughMe() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for role in APIFixtures.permissions.roles.all {
                let me = try await client.get("/api/v1/me", as: role)
                #expect(me.status == .ok, "\(role): \(me)")
                #expect(me.object["role"] as? String == role.rawValue)
            }
        }
    }
}
