//! On a machine without a GPU, WebKitGTK's UI process opens Mesa's software OpenGL only to
//! learn there is nothing to use: GTK probes GL when it opens the display, and WebKit asks EGL
//! which render node to hand the web process. Mesa's software driver links LLVM, ~45 MB
//! resident in a window that draws nothing with GL itself. There the app says up front that
//! there is no GPU. The web process keeps its own GL: it composites the page with it.
//!
//! Variables the user has set are left as they are, so `GDK_GL=...` or
//! `WEBKIT_WEB_RENDER_DEVICE_FILE=...` on the command line still win.

use std::path::Path;

/// Where Linux lists GPU render nodes (`renderD128`, ...).
const RENDER_NODES: &str = "/dev/dri";

/// Tells GTK not to probe OpenGL when it opens the display. Read once, when GTK starts.
const GDK_GL: &str = "GDK_GL";
/// No GPU buffers between the web process and the window, so the UI process needs no EGL to
/// import them. Since WebKitGTK 2.42 this also means no accelerated compositing: the page is
/// painted on the CPU, which is what Mesa's software rasteriser did anyway.
const DMABUF_OFF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
/// The render node WebKit would otherwise ask EGL for. A node that does not exist says
/// "none", which is what EGL would answer on software rendering.
const RENDER_NODE: &str = "WEBKIT_WEB_RENDER_DEVICE_FILE";
const NO_RENDER_NODE: &str = "/dev/dri/none";

/// What `before_gtk` changed, for `after_gtk` to undo.
#[must_use = "call after_gtk before the first webview"]
pub struct SoftwareGl {
    gtk_gl_disabled: bool,
}

/// Call first thing, before GTK starts and before any other thread runs.
pub fn before_gtk() -> SoftwareGl {
    let mut changed = SoftwareGl {
        gtk_gl_disabled: false,
    };
    if !cfg!(target_os = "linux") || has_render_node(Path::new(RENDER_NODES)) {
        return changed;
    }
    changed.gtk_gl_disabled = set_if_unset(GDK_GL, "disable");
    set_if_unset(DMABUF_OFF, "1");
    set_if_unset(RENDER_NODE, NO_RENDER_NODE);
    changed
}

impl SoftwareGl {
    /// Call once GTK has started and before the first webview: the web process, which runs
    /// GTK too, must not inherit `GDK_GL=disable`, or it would draw the page without
    /// compositing.
    pub fn after_gtk(self) {
        if self.gtk_gl_disabled {
            #[allow(unsafe_code)]
            // SAFETY: on the main thread in Tauri's setup, before any webview exists; no thread
            // of ours reads the environment then.
            unsafe {
                std::env::remove_var(GDK_GL);
            }
        }
    }
}

fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Sets `name` unless the user already has; says whether it did.
fn set_if_unset(name: &str, value: &str) -> bool {
    if std::env::var_os(name).is_some() {
        return false;
    }
    #[allow(unsafe_code)]
    // SAFETY: `before_gtk` runs before any other thread exists.
    unsafe {
        std::env::set_var(name, value);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu_and_other_entries_do_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
