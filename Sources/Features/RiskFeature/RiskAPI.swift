import Hummingbird
import JSONKit
import RiskAssessment
import Storage
import WebKit

/// PS-RISK-2023's routes (docs/reference/http.md): `POST /api/v1/risk` assesses subjects as `rasim risk` does,
/// `POST /api/v1/checklists/score` scores a filled checklist as `rasim checklist score`; each run is stored
/// with its input. The server hands in who may call what (`authorize`).
public struct RiskAPI: Sendable {
    public static let assess = RouteID("POST /api/v1/risk")
    public static let scoreChecklist = RouteID("POST /api/v1/checklists/score")
    /// The routes and the roles that may call them.
    public static let routes: [RoutePermission] = [
        RoutePermission(assess, [.admin, .inspector, .internalControl]),
        RoutePermission(scoreChecklist, [.admin, .inspector]),
    ]

    let store: Store
    let criteria: RiskCriteria
    let authorize: Authorize

    public init(store: Store, criteria: RiskCriteria, authorize: @escaping Authorize) {
        self.store = store; self.criteria = criteria; self.authorize = authorize
    }

    public func register(_ api: RouterGroup<AppContext>) {
        api.post("risk") { req, ctx in try await self.risk(req, ctx) }
        api.post("checklists/score") { req, ctx in try await self.checklistScore(req, ctx) }
    }

    /// A refused assessment: a date it cannot work with is the caller's input error (400), an act not in force
    /// on `asOf` a rule (422).
    public static func refusal(_ error: RiskError) -> APIError {
        if case .dateOutOfRange = error { return .invalid(error.description, path: "$.asOf") }
        return .rule(error.description, path: "$.asOf", code: error.code)
    }

    func risk(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try authorize(Self.assess, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let raw = String(buffer: buffer)
        let (asOf, subjects) = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try RiskJSON.input(b) } }
        let result: (subjects: [SubjectAssessment], list: PreventiveControlList)
        do { result = try RiskAssessment.assess(subjects, asOf: asOf, criteria: criteria) } catch {
            throw Self.refusal(error)
        }
        let out = RiskJSON.output(result.subjects, result.list)
        _ = try await store.saveRiskRun(body: raw, result: out, actor: id.user.username)
        return Requests.answer(.ok, out)
    }

    func checklistScore(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try authorize(Self.scoreChecklist, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let raw = String(buffer: buffer)
        let v = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try ChecklistJSON.input(b) } }
        let out = ChecklistJSON.output(subject: v.subject, answered: v.answers.count, criteria: criteria, answers: v.answers)
        _ = try await store.saveChecklist(subject: v.subject, body: raw, result: out, actor: id.user.username)
        return Requests.answer(.ok, out)
    }
}
