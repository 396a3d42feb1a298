import Foundation
import Hummingbird
import LegalCore
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
         NavItem(href: "/reports", label: "nav_reports")]
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
