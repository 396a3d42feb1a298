import WebKit
import Foundation

/// The server's own web files under `Sources/Platform/WebServer/Resources` (the layout's templates, its translations, the
/// stylesheet and script).
let webResources = WebResources(bundle: Bundle.module)
