import SQLKit

/// Reads the web workspace needs beyond the API's.
extension Store {
    /// The input of the most recent risk assessment run (POST /api/v1/risk or the risk page), if any.
    public func latestRiskInput() async throws -> String? {
        try await database.read { db in
            try await db.select().column("body").from("risk_inputs")
                .orderBy("created_at", .descending).orderBy("id", .descending).limit(1)
                .first()?.decode(column: "body", as: String.self)
        }
    }
}
