import Hummingbird
import JSONKit
import Storage
import WebKit
import WorkCalendar

/// The admin-only routes of the public-services records: import service passports, add or change officials,
/// record absences — the same `Admin` operations `rasim service` and `rasim official` run. Each change drops the
/// server's cached catalog.
struct CatalogAdminAPI: Sendable {
    let store: Store
    let catalog: Catalog
    let calendar: KazakhCalendar
    let permissions: Permissions

    func register(_ api: RouterGroup<AppContext>) {
        api.post("services") { req, ctx in try await self.admin(.importServices, ctx) { id in try await self.importServices(req, ctx, id) } }
        api.post("officials") { req, ctx in try await self.admin(.putOfficial, ctx) { id in try await self.putOfficial(req, ctx, id) } }
        api.get("officials") { _, ctx in try await self.admin(.listOfficials, ctx) { _ in try await self.listOfficials() } }
        api.post("officials/{id}/absences") { req, ctx in try await self.admin(.addAbsence, ctx) { id in try await self.addAbsence(req, ctx, id) } }
    }

    func admin(_ route: RouteID, _ ctx: AppContext, _ body: (Identity) async throws -> Response) async throws -> Response {
        try await Admin.route(route, ctx, permissions: permissions, body)
    }

    func importServices(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let ids = try await Admin.importServices(try await Requests.json(req, ctx), store: store, zones: calendar.zones, actor: id.user.username)
        await catalog.invalidate()
        return Requests.answer(.created, "{\"imported\": \(ids.count), \"services\": \(JSONText.array(ids.map(JSONText.string)))}")
    }

    func putOfficial(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let (o, created) = try await Admin.putOfficial(try await Requests.json(req, ctx), store: store, actor: id.user.username)
        await catalog.invalidate()
        return Requests.answer(.created, "{\"official\": \(Admin.officialJSON(o)), \"created\": \(created)}")
    }

    func listOfficials() async throws -> Response {
        Requests.answer(.ok, "{\"officials\": [" + (try await store.officials()).map(Admin.officialJSON).joined(separator: ",\n  ") + "]}")
    }

    func addAbsence(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let official = try Requests.pathID(ctx)
        let body = try await Requests.json(req, ctx)
        guard try await store.official(id: official) != nil else { throw APIError.notFound("unknown official \"\(official)\"", path: "id") }
        let absence = try await Admin.addAbsence(official: official, body, store: store, actor: id.user.username)
        await catalog.invalidate()
        return Requests.answer(.created, "{\"official\": \(JSONText.string(official)), \"absence\": \(absence)}")
    }
}
