//! Loading the component: a `.wasm` compiled (with the `compiler` feature) or a
//! `.cwasm` deserialized, linked against the host's imports, and its registrar
//! exports read with their WIT signatures.

use crate::imports::linker;
use crate::runtime::{Export, Inner, Runtime};
use crate::{engine, HostError};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use wasmtime::component::types::ComponentItem;
use wasmtime::component::Component;
use wasmtime::{Engine, Precompiled};

/// The exported interface whose functions [`Runtime::call`] runs (any 0.1 version).
const REGISTRAR_INTERFACE: &str = "odr:registrar/registrar";

fn load_error(path: &Path, message: impl Into<String>) -> HostError {
    HostError::Load {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl Runtime {
    /// Load the component: a precompiled `.cwasm` is deserialized (any build); a
    /// `.wasm` is compiled, which needs the `compiler` feature.
    ///
    /// The kind is detected from the content, not the file name. A `.cwasm` must
    /// come from a trusted source (deserializing runs native code) and from
    /// `odr precompile` of the same odr-host version.
    pub fn load(path: &Path) -> Result<Runtime, HostError> {
        let engine = engine::engine()
            .map_err(|e| load_error(path, format!("cannot configure the engine: {e:#}")))?;
        let kind = file_kind(path)?;
        let (component, image) = match kind {
            FileKind::Wasm => {
                let bytes = std::fs::read(path)
                    .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
                (compile(&engine, &bytes, path)?, None)
            }
            FileKind::Elf => {
                if Engine::detect_precompiled_file(path).ok().flatten() == Some(Precompiled::Module)
                {
                    return Err(load_error(
                        path,
                        "this is a precompiled core module, not a component: precompile the \
                         component with `odr precompile odr_registrar.wasm out.cwasm`",
                    ));
                }
                deserialize_precompiled(&engine, path).map_err(|e| {
                    load_error(
                        path,
                        format!(
                            "{e:#}. The .cwasm is damaged or does not match this host (wasmtime \
                             48.0.8 with odr-host's engine configuration): regenerate it with \
                             `odr precompile odr_registrar.wasm {}`",
                            path.display()
                        ),
                    )
                })?
            }
        };
        Runtime::from_component(engine, component, image, path)
    }

    /// Compile `wasm` and write the precompiled component to `out` (a `.cwasm` that
    /// [`Runtime::load`] accepts in any build, compiler or not), for this machine's
    /// architecture at its baseline CPU (see [`crate::cwasm::precompile`]).
    #[cfg(feature = "compiler")]
    pub fn precompile(wasm: &Path, out: &Path) -> Result<(), HostError> {
        let target =
            engine::release_target(std::env::consts::ARCH).unwrap_or(std::env::consts::ARCH);
        crate::cwasm::precompile(wasm, out, target)
    }

    fn from_component(
        engine: Engine,
        component: Component,
        image: Option<PrivateImage>,
        path: &Path,
    ) -> Result<Runtime, HostError> {
        let linker = linker(&engine)
            .map_err(|e| load_error(path, format!("cannot link the host imports: {e:#}")))?;
        let pre = linker.instantiate_pre(&component).map_err(|e| {
            load_error(
                path,
                format!("the component needs an import this host does not provide: {e:#}"),
            )
        })?;
        let component_type = component.component_type();
        let imports = component_type
            .imports(&engine)
            .map(|(name, _)| name.to_string())
            .collect();
        let interface = component_type
            .exports(&engine)
            .find(|(name, _)| {
                name.strip_prefix(REGISTRAR_INTERFACE)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('@'))
            })
            .map(|(name, item)| (name.to_string(), item.ty));
        let Some((interface_name, ComponentItem::ComponentInstance(instance_type))) = interface
        else {
            return Err(load_error(
                path,
                format!("the component does not export the `{REGISTRAR_INTERFACE}` interface"),
            ));
        };
        let interface_index = component
            .get_export_index(None, &interface_name)
            .ok_or_else(|| load_error(path, "the registrar interface has no export index"))?;
        let mut exports = Vec::new();
        for (name, item) in instance_type.exports(&engine) {
            let ComponentItem::ComponentFunc(func) = item.ty else {
                continue;
            };
            let index = component
                .get_export_index(Some(&interface_index), name)
                .ok_or_else(|| load_error(path, format!("`{name}` has no export index")))?;
            let takes_settings = func.params().any(|(param, _)| param == "settings");
            exports.push(Export {
                name: name.to_string(),
                func,
                signature: OnceLock::new(),
                index,
                takes_settings,
            });
        }
        Ok(Runtime {
            inner: Arc::new(Inner {
                engine,
                pre,
                exports,
                imports,
                _image: image,
            }),
        })
    }
}

/// Deserialize a `.cwasm` from a private copy of it in this process's own memory.
///
/// Mapping the installed file itself would be the cheapest, but its pages would stay the
/// file's: a module folder overwritten in place (an FTP upload, a panel's file manager) would
/// change the code under every PHP process that loaded it, and crash them (SIGBUS). So the
/// file is copied, once, into anonymous memory that belongs to this process alone
/// ([`PrivateImage`]), which wasmtime then uses in place (`deserialize_raw`: no second copy).
/// The copy asks for transparent huge pages and has its pages populated up front: a 2.3 MB
/// file in 4 KiB pages costs about 560 page allocations and faults, in 2 MiB pages one or two
/// (`host/examples/load_cost.rs` measures it). Where that copy cannot be made or used, the
/// file is read and wasmtime copies it (`Component::deserialize`); where even that is refused
/// (a policy that forbids making anonymous memory executable, e.g. SELinux without
/// `execmem` for the web server), the installed file itself is mapped, the way the policy
/// allows (its pages then stay the file's: see above).
///
/// The copy is returned with the component and must outlive it (see [`Inner`]).
fn deserialize_precompiled(
    engine: &Engine,
    path: &Path,
) -> wasmtime::Result<(Component, Option<PrivateImage>)> {
    #[cfg(unix)]
    if let Ok((image, len)) = PrivateImage::copy_of(path) {
        // SAFETY: the deployment's own precompiled component (see `Runtime::load`); wasmtime
        // checks its version and configuration. The memory is this process's alone, read-only
        // from here on, and lives as long as the component (the caller keeps it in `Inner`,
        // dropped after the component).
        if let Ok(component) = unsafe { Component::deserialize_raw(engine, image.bytes(len)) } {
            return Ok((component, Some(image)));
        }
    }
    let bytes = std::fs::read(path)?;
    // SAFETY: as above; wasmtime copies the bytes into memory of its own.
    match unsafe { Component::deserialize(engine, &bytes) } {
        Ok(component) => Ok((component, None)),
        Err(copied) => {
            // SAFETY: as above, mapped from the installed file.
            unsafe { Component::deserialize_file(engine, path) }
                .map(|component| (component, None))
                // Both failed alike (e.g. another release's file): the first error says why.
                .map_err(|_| copied)
        }
    }
}

/// A private copy of a `.cwasm` in anonymous memory: nobody else can write it, and no
/// change to the installed file reaches it. Unmapped when dropped.
pub(crate) struct PrivateImage {
    base: std::ptr::NonNull<u8>,
    size: usize,
}

// SAFETY: the mapping is plain memory owned by this value; after the copy it is only read
// (and its code executed), from any thread.
unsafe impl Send for PrivateImage {}
// SAFETY: as above.
unsafe impl Sync for PrivateImage {}

impl PrivateImage {
    /// Huge pages are 2 MiB on x86-64 and on aarch64 with 4 KiB pages.
    const HUGE_PAGE: usize = 2 << 20;

    /// Copies `path` into fresh private memory; returns it and the file's length.
    #[cfg(unix)]
    fn copy_of(path: &Path) -> std::io::Result<(PrivateImage, usize)> {
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len())
            .ok()
            .filter(|len| *len > 0)
            .ok_or_else(|| std::io::Error::other("empty or oversized file"))?;
        let image = PrivateImage::reserve(len)?;
        // SAFETY: `reserve` mapped at least `len` bytes read/write at `base`, owned by `image`.
        let target = unsafe { std::slice::from_raw_parts_mut(image.base.as_ptr(), len) };
        file.read_exact(target)?;
        // From here on the copy is only read: wasmtime makes its code executable and never
        // writes to memory it did not map itself.
        // SAFETY: the whole mapping, owned by `image`, which nothing references yet.
        if unsafe { libc::mprotect(image.base.as_ptr().cast(), image.size, libc::PROT_READ) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok((image, len))
    }

    /// `len` bytes (rounded up to pages) of read/write anonymous memory, starting on a
    /// huge-page boundary, advised for huge pages and populated where the kernel supports it.
    #[cfg(unix)]
    fn reserve(len: usize) -> std::io::Result<PrivateImage> {
        let size = len.next_multiple_of(crate::engine::page_size());
        let overhang = Self::HUGE_PAGE;
        let reserved = size
            .checked_add(overhang)
            .ok_or_else(|| std::io::Error::other("oversized file"))?;
        // SAFETY: a new anonymous mapping at an address of the kernel's choosing.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                reserved,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        let start = (raw as usize).next_multiple_of(Self::HUGE_PAGE);
        let head = start - raw as usize;
        let tail = reserved - head - size;
        // SAFETY: the parts of the fresh mapping before and after [start, start + size),
        // page-aligned, referenced by nothing; failing to return them only wastes addresses.
        unsafe {
            if head > 0 {
                libc::munmap(raw, head);
            }
            if tail > 0 {
                libc::munmap((start + size) as *mut libc::c_void, tail);
            }
        }
        let base = std::ptr::NonNull::new(start as *mut u8)
            .ok_or_else(|| std::io::Error::other("the kernel mapped address 0"))?;
        let image = PrivateImage { base, size };
        // Both only advice: without transparent huge pages (or before Linux 5.14 for the
        // populating) the copy below faults its pages in one by one, as any copy would.
        #[cfg(target_os = "linux")]
        // SAFETY: advice on memory this image owns.
        unsafe {
            libc::madvise(image.base.as_ptr().cast(), size, libc::MADV_HUGEPAGE);
            libc::madvise(image.base.as_ptr().cast(), size, libc::MADV_POPULATE_WRITE);
        }
        Ok(image)
    }

    /// The first `len` bytes, as wasmtime takes them.
    fn bytes(&self, len: usize) -> std::ptr::NonNull<[u8]> {
        std::ptr::NonNull::slice_from_raw_parts(self.base, len.min(self.size))
    }
}

impl Drop for PrivateImage {
    fn drop(&mut self) {
        // SAFETY: the mapping this value owns; the component that used it is gone (see
        // `Inner`). A failure would only leave the pages mapped.
        #[cfg(unix)]
        unsafe {
            libc::munmap(self.base.as_ptr().cast(), self.size);
        }
    }
}

/// What a component file holds, from its first bytes.
enum FileKind {
    /// A WebAssembly component (`\0asm`): compiled at load.
    Wasm,
    /// An ELF file: a precompiled component from `odr precompile`.
    Elf,
}

fn file_kind(path: &Path) -> Result<FileKind, HostError> {
    use std::io::Read;
    let mut magic = Vec::with_capacity(4);
    std::fs::File::open(path)
        .and_then(|file| file.take(4).read_to_end(&mut magic))
        .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
    match magic.as_slice() {
        b"\0asm" => Ok(FileKind::Wasm),
        b"\x7fELF" => Ok(FileKind::Elf),
        _ => Err(load_error(
            path,
            "neither a component (.wasm) nor a precompiled component (.cwasm from \
             `odr precompile`)",
        )),
    }
}

#[cfg(feature = "compiler")]
fn compile(engine: &Engine, bytes: &[u8], path: &Path) -> Result<Component, HostError> {
    Component::from_binary(engine, bytes)
        .map_err(|e| load_error(path, format!("cannot compile the component: {e:#}")))
}

#[cfg(not(feature = "compiler"))]
fn compile(_engine: &Engine, _bytes: &[u8], path: &Path) -> Result<Component, HostError> {
    Err(load_error(
        path,
        format!(
            "this build of odr-host has no compiler and loads only precompiled components: \
             run `odr precompile {} odr_registrar.cwasm` and load the .cwasm",
            path.display()
        ),
    ))
}
