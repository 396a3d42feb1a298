import Foundation
import Hummingbird
import LegalCore
import PublicServices
import Storage
import WebKit
import WorkCalendar

/// PS-VIOLATIONS-2025's pages: the dashboard, the register, an application's page and its forms, a new
/// application (`WorkspacePages.swift`); the service catalog and the findings report (`ReferencePages.swift`).
/// They call the same use cases as the JSON routes (`API`), so a form can do nothing the API would refuse.
struct PublicServicesPages: Sendable {
    let kit: PageKit
    let api: API
    let store: Store
    let calendar: KazakhCalendar
    let catalog: Catalog

    var i18n: I18n { kit.i18n }

    func register(_ router: Router<AppContext>) {
        router.get("dashboard") { req, ctx in await kit.guarded(req, ctx) { v in try await self.dashboard(v) } }
        router.get("applications") { req, ctx in await kit.guarded(req, ctx) { v in try await self.registerPage(req, v) } }
        router.get("applications.csv") { req, ctx in await kit.guarded(req, ctx) { v in try await self.registerCSV(req, v) } }
        router.get("applications.xlsx") { req, ctx in await kit.guarded(req, ctx) { v in try await self.registerXLSX(req, v) } }
        router.get("applications/new") { req, ctx in await kit.guarded(req, ctx, route: .createApplication) { v in try await self.newApplicationPage(v, form: [:], error: nil) } }
        router.post("applications/new") { req, ctx in await kit.guarded(req, ctx, route: .createApplication) { v in try await self.createApplication(req, ctx, v) } }
        router.get("applications/{id}") { req, ctx in
            await kit.guarded(req, ctx) { v in
                // After creating an application or recording an event (the forms redirect here): say it was done.
                let q = req.uri.queryParameters
                let done = q["created"] == "1" ? "application_created_notice" : q["recorded"] == "1" ? "event_recorded_notice"
                    : q["assigned"] == "1" ? "application_assigned_notice" : nil
                return try await self.applicationPage(try await self.located(req, ctx, v), v, form: [:],
                                                      notice: done.map { Notice(kind: "success", text: kit.i18n.t($0, v.lang)) })
            }
        }
        router.post("applications/{id}/assign") { req, ctx in await kit.guarded(req, ctx, route: .assignApplication) { v in try await self.assignFromForm(req, ctx, v) } }
        router.get("applications/{id}/print") { req, ctx in await kit.guarded(req, ctx) { v in try await self.printPage(req, ctx, v) } }
        router.post("applications/{id}/events") { req, ctx in await kit.guarded(req, ctx, route: .appendEvents) { v in try await self.recordEvent(req, ctx, v) } }
        registerOfficials(router)
        router.get("services") { req, ctx in await kit.guarded(req, ctx) { v in try await self.servicesPage(v) } }
        router.get("reports") { req, ctx in await kit.guarded(req, ctx) { v in try await self.reportPage(req, v) } }
        router.get("reports/findings.csv") { req, ctx in await kit.guarded(req, ctx) { v in try await self.findingsCSV(req, v) } }
        router.get("reports/findings.xlsx") { req, ctx in await kit.guarded(req, ctx) { v in try await self.findingsXLSX(req, v) } }
    }

    /// An application's page (`suffix` "/events": its form's target). Ids are unique per provider, so the
    /// link names the provider too.
    static func applicationHref(id: String, provider: String?, suffix: String = "") -> String {
        let query = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "+", "#"])
        return "/applications/" + PageKit.segment(id) + suffix
            + (provider.map { "?provider=" + ($0.addingPercentEncoding(withAllowedCharacters: query) ?? $0) } ?? "")
    }

    /// A time zone as the viewer names it ("Алматы уақыты"); its id when there is no word for it.
    func zoneName(_ id: String, _ lang: Language) -> String { i18n.tables[lang]?["time_zone_" + id] ?? id }

    var homeZone: ZoneTable.Resolved { get throws { try calendar.zones.resolve(Today.zone) } }

    /// Today in the home zone, as of the server's clock.
    func today() throws -> (asOf: Instant, day: LocalDate) { try Today.of(calendar) }

    /// Organization id → its name in the reader's language, for display.
    func organizationNames(_ lang: Language) async throws -> [String: String] {
        try await store.organizationNames(lang: lang.rawValue)
    }

    func serviceName(_ id: String, _ services: [String: ServicePassport], _ lang: Language) -> String {
        services[id].map { I18n.pick($0.name, lang) } ?? id
    }
}
