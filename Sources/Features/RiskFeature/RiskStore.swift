import Foundation
import SQLKit
import Storage

/// PS-RISK-2023's stored runs: each risk assessment and each scored checklist is kept with its input, its
/// result and who ran it, in one audited write (the tables `risk_inputs` and `checklists`).
extension Store {
    public func saveRiskRun(body: String, result: String, actor: String) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await database.write { db in
            try await db.insert(into: "risk_inputs").columns("id", "body", "result", "created_at", "created_by")
                .values(SQLBind(id), SQLBind(body), SQLBind(result), SQLBind(Clock.nowISO()), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "risk.assess", entity: "risk:\(id)", payload: body, wrote: [("risk_inputs", [id])])
        }
        return id
    }

    public func saveChecklist(subject: String, body: String, result: String, actor: String) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await database.write { db in
            try await db.insert(into: "checklists").columns("id", "subject", "body", "result", "created_at", "created_by")
                .values(SQLBind(id), SQLBind(subject), SQLBind(body), SQLBind(result), SQLBind(Clock.nowISO()), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "checklist.score", entity: "subject:\(subject)", payload: body, wrote: [("checklists", [id])])
        }
        return id
    }

    /// The input of the most recent risk assessment run (POST /api/v1/risk or the risk page), if any.
    public func latestRiskInput() async throws -> String? {
        try await database.read { db in
            try await db.select().column("body").from("risk_inputs")
                .orderBy("created_at", .descending).orderBy("id", .descending).limit(1)
                .first()?.decode(column: "body", as: String.self)
        }
    }
}
