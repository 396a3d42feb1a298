import Foundation
import Hummingbird
import LegalCore
import Storage
import WebKit

/// PS-VIOLATIONS-2025's part of the server: its JSON routes (`API`), the administration of its catalog and
/// officials (`CatalogAdminAPI`), its pages (`PublicServicesPages`), their documentation, translations,
/// templates and navigation.
public struct PublicServicesWeb: WebFeature {
    let resources = WebResources(bundle: Bundle.module)
    public let translations: [Language: [String: String]]
    public let templates: [String: String]

    public init() throws {
        translations = try resources.translations()
        templates = try resources.templates()
    }

    public var permissions: [RoutePermission] { API.routes }
    /// A second executor of akimat-abai, so a head sees work shared between two people.
    public var demoLogins: [DemoLogin] { [DemoLogin(username: "executor2", role: .executor, organizations: ["akimat-abai"])] }
    public var operations: [APIOperation] { PublicServicesDocs.operations }
    public var schemas: [(String, String)] { PublicServicesDocs.schemas }

    public var navigation: [NavItem] {
        [NavItem(href: "/dashboard", label: "nav_dashboard"), NavItem(href: "/applications", label: "nav_register"),
         NavItem(href: "/applications/new", label: "nav_new", route: .createApplication), NavItem(href: "/services", label: "nav_services"),
         NavItem(href: "/officials", label: "nav_officials", route: .listOfficials),
         NavItem(href: "/reports", label: "nav_reports")]
    }

    /// The viewer's queue (`WorkQueue.of` their role), each application a duty due on its term's day.
    public func reminders(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection? {
        let (catalog, api) = Self.useCases(ctx)
        let (asOf, _) = try Today.of(ctx.calendar)
        let q = WorkQueue.of(v.id.role)
        var queue: [Listed] = []
        if q == .open {
            // Every open application the viewer sees (an inspector's: all of them): only those expiring today, the
            // next working day or overdue are reminded of, so only they are read — from the kept judgements, by state.
            try await api.refresh(asOf: asOf)
            var f = KeptFilter(providers: v.id.visibleOrganizations)
            let states = [ApplicationStatus.dueToday, .dueNext, .overdue].map(\.rawValue)
            f.states = states
            try await ctx.store.streamKept(module: API.judgementModule, f, order: .expiring(states: states)) { queue += try await api.resolve($0, asOf: asOf).listed }
        } else {
            let items = try await api.listed(providers: v.id.visibleOrganizations, asOf: asOf)
            queue = try await WorkQueues(store: ctx.store, catalog: catalog, calendar: ctx.calendar).queue(q, v.id, items: items, today: ctx.today)
        }
        let services = try await catalog.services()
        let orgs = try await ctx.store.organizationNames(lang: v.lang.rawValue)
        let duties = queue.compactMap { l -> DashboardSection.Duty? in
            guard let due = l.due else { return nil }
            let service = services[l.row.service].map { I18n.pick($0.name, v.lang) } ?? l.row.service
            return DashboardSection.Duty(due: due, what: l.row.id + ": " + service, organization: orgs[l.row.provider] ?? l.row.provider,
                                         href: PublicServicesPages.applicationHref(id: l.row.id, provider: l.row.provider), citation: [])
        }
        return DashboardSection(act: .psViolations2025, title: ctx.i18n.t("queue_\(q.rawValue)", v.lang), duties: duties, href: "/applications?queue=" + q.rawValue)
    }

    /// Every application judged as of now, its judgement kept (what is already kept and still holds is not redone).
    public func keepJudgementsCurrent(_ ctx: DashboardContext) async throws {
        let (asOf, _) = try Today.of(ctx.calendar)
        try await Self.useCases(ctx).api.refresh(asOf: asOf)
    }

    public func rebuildJudgements(_ ctx: DashboardContext, batch: Int, progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> JudgementRebuild? {
        let (asOf, _) = try Today.of(ctx.calendar)
        return try await Self.useCases(ctx).api.rebuild(batch: batch, asOf: asOf) { progress(API.judgementModule, $0, $1) }
    }

    /// The catalog and the use cases, for the platform's calls outside a request (reminders, judgements kept current).
    static func useCases(_ ctx: DashboardContext) -> (catalog: Catalog, api: API) {
        let catalog = Catalog(store: ctx.store, calendar: ctx.calendar)
        return (catalog, API(store: ctx.store, catalog: catalog, calendar: ctx.calendar, permissions: ctx.permissions))
    }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        let catalog = Catalog(store: platform.store, calendar: platform.calendar)
        let routes = API(store: platform.store, catalog: catalog, calendar: platform.calendar, permissions: platform.permissions)
        routes.register(api)
        CatalogAdminAPI(store: platform.store, catalog: catalog, calendar: platform.calendar, permissions: platform.permissions).register(api)
        if let kit = platform.pages {
            PublicServicesPages(kit: kit, api: routes, store: platform.store, calendar: platform.calendar, catalog: catalog).register(root)
        }
    }
}
