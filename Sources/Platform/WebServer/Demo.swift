import WebKit
import Foundation
import JSONKit
import LegalCore
import FeatureKit
import Storage
import WorkCalendar

/// The demo data set loaded on first start with an empty database: four organizations, each feature's own demo
/// (`Feature.loadDemo`: the public-services catalog, officials and applications), and one user per role.
public enum Demo {
    public static let password = "rasim-demo"
    public typealias Login = DemoLogin
    /// The platform's demo logins, one per role (the signer signs as the public-services demo's head of akimat-abai).
    public static let logins: [Login] = [
        .init(username: "admin", role: .admin), .init(username: "registrar", role: .registrar),
        .init(username: "executor", role: .executor), .init(username: "signer", role: .signer, official: "akim-abai"),
        .init(username: "control", role: .internalControl), .init(username: "inspector", role: .inspector),
    ]

    static let organizations: [Store.Organization] = [
        .init(id: "akimat-abai", name: "Абай ауданының әкімдігі", bin: "140440031745", kind: "local_executive_body"),
        .init(id: "akimat-zhetisu", name: "Жетісу ауылдық округінің әкімі аппараты", bin: nil, kind: "rural_district_akim"),
        .init(id: "uap-astana", name: "Астана қаласының сәулет және қала құрылысы басқармасы", bin: nil, kind: "local_executive_body"),
        .init(id: "dgd-almaty", name: "Алматы қаласы бойынша мемлекеттік кірістер департаменті", bin: nil, kind: "territorial_unit"),
    ]

    /// The demo organizations' names on Russian pages.
    static let russianNames: [(String, String)] = [
        ("akimat-abai", "Акимат Абайского района"), ("akimat-zhetisu", "Аппарат акима сельского округа Жетысу"),
        ("uap-astana", "Управление архитектуры и градостроительства города Астаны"),
        ("dgd-almaty", "Департамент государственных доходов по городу Алматы"),
    ]

    /// Loads the demo when the database has no organization yet: the organizations, then each feature's demo, as
    /// of `asOf` (never the day the server starts), then the users (a signer is linked to a feature's official).
    /// Returns false when the database already had data.
    public static func loadIfEmpty(store: Store, calendar: KazakhCalendar, features: [any Feature], bcryptCost: UInt8, asOf: Instant) async throws -> Bool {
        guard try await store.organizations().isEmpty else { return false }
        for o in organizations { try await store.putOrganization(o, actor: "demo") }
        for (id, name) in russianNames { try await store.setOrganizationName(id: id, lang: "ru", name: name, actor: "demo") }
        for feature in features { try await feature.loadDemo(store: store, calendar: calendar, asOf: asOf) }
        let web = try features.compactMap { try $0.web() }
        let roles = try Roles(features: web.flatMap(\.roles))
        for l in logins(features: web) {
            let orgs = l.organizations ?? (roles.seesAllOrganizations(l.role) ? [] : ["akimat-abai", "akimat-zhetisu"])
            _ = try await store.addUser(username: l.username, passwordHash: Secrets.hashPassword(password, cost: bcryptCost), role: l.role.rawValue,
                                        organizations: orgs, official: l.official, actor: "demo")
        }
        return true
    }

    /// Every demo login a server of these features has: the platform's, then each feature's.
    public static func logins(features: [any WebFeature]) -> [Login] { logins + features.flatMap(\.demoLogins) }
}
