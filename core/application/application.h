#pragma once
// The application layer (see CMakeLists.txt): one header per area of use cases.
//
//   collections.h   create, rename, merge, delete, tag, documents in and out, export, import
//   maintenance.h   migration, integrity check, index rebuild, vacuum, backup, the spaces
//   models.h        the models found on this computer, their records and advice
//   library_views.h the read-only queries behind the views
//   preview.h       a search hit's page, image or chunk for the preview pane
//
// Conventions: a use case is `Result<T> name(library::Library &, plain arguments...)` for cortex-cli and
// `QFuture<Result<T>> name(session::LibrarySession &, the same arguments...)` for the window, the second
// running the first on the session's library worker (short work) or long-work worker. Errors are values
// (common/result.h) with a message that names what failed; nothing here is translated (the callers say it
// in the user's language).
