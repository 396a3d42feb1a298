import Foundation
import HTTPTypes
import SQLKit
import Storage
import Testing
import WebApp

/// Sign-in and sessions under attack (issue 11 §4): each test is one reproduction of the issue, which must not
/// reproduce any more.
@Suite struct SignInTests {
    static var cheap: RasimServer.Configuration {
        var c = RasimServer.Configuration()
        c.bcryptCost = 4
        return c
    }

    // MARK: tokens

    @Test("a token deleted from the database is refused on the very next request")
    func deletedTokenIsRefusedAtOnce() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            #expect(try await client.get("/api/v1/me", as: .registrar).status == .ok)
            #expect(try await client.get("/api/v1/me", as: .registrar).status == .ok)
            let hash = Secrets.sha256(APIFixtures.token(.registrar))
            try await h.db.write { db in try await db.delete(from: "api_tokens").where("token_hash", .equal, SQLBind(hash)).run() }
            let after = try await client.get("/api/v1/me", as: .registrar)
            #expect(after.status == .unauthorized && after.error?.code == "unauthorized", "\(after)")
            #expect(try await client.get("/api/v1/me", as: .inspector).status == .ok)
        }
    }
}
