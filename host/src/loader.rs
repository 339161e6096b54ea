//! Loading the component: a `.wasm` compiled (with the `compiler` feature) or a
//! `.cwasm` deserialized, linked against the host's imports, and its registrar
//! exports read with their WIT signatures.

use crate::imports::linker;
use crate::runtime::{Export, Inner, Runtime};
use crate::value::{Signature, WitType};
use crate::{engine, HostError};
use std::path::Path;
use std::sync::Arc;
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
        let component = match kind {
            FileKind::Wasm => {
                let bytes = std::fs::read(path)
                    .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
                compile(&engine, &bytes, path)?
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
        Runtime::from_component(engine, component, path)
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
            let params: Vec<(String, WitType)> = func
                .params()
                .map(|(param, ty)| (param.to_string(), WitType::from_wasmtime(&ty)))
                .collect();
            let takes_settings = params.iter().any(|(param, _)| param == "settings");
            exports.push(Export {
                signature: Signature {
                    name: name.to_string(),
                    params,
                    results: func
                        .results()
                        .map(|ty| WitType::from_wasmtime(&ty))
                        .collect(),
                },
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
            }),
        })
    }
}

/// Deserialize a `.cwasm` from a private copy of it, mapped.
///
/// Mapping the installed file itself would be the cheapest (0.5 ms in a fresh process), but
/// its pages would stay the file's: a module folder overwritten in place (an FTP upload, a
/// panel's file manager) would change the code under every PHP process that loaded it, and
/// crash them. Reading it into memory and copying it (what `Component::deserialize` does)
/// costs 4-5 ms in a fresh process. A copy into an anonymous memory file (memfd), made by the
/// kernel and then mapped, costs about 2 ms and belongs to this process alone
/// (`host/examples/load_cost.rs` measures all three). Where memory files or `/proc` are not
/// available, the file is read and copied.
fn deserialize_precompiled(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
    #[cfg(target_os = "linux")]
    if let Ok(copy) = private_copy(path) {
        use std::os::fd::AsRawFd;
        let mapped = format!("/proc/self/fd/{}", copy.as_raw_fd());
        // SAFETY: the deployment's own precompiled component (see `Runtime::load`), in a
        // memory file nobody else can write; wasmtime checks its version and configuration.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &mapped) } {
            return Ok(component);
        }
    }
    let bytes = std::fs::read(path)?;
    // SAFETY: as above; wasmtime copies the bytes into memory of its own.
    unsafe { Component::deserialize(engine, &bytes) }
}

/// A sealed-off copy of `path` in an anonymous memory file, copied by the kernel.
#[cfg(target_os = "linux")]
fn private_copy(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: memfd_create takes a NUL-terminated name and flags; it returns a new file
    // descriptor this function owns from here on, or -1.
    let fd = unsafe { libc::memfd_create(c"odr-component".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor owned by nothing else.
    let mut copy = unsafe { std::fs::File::from_raw_fd(fd) };
    std::io::copy(&mut std::fs::File::open(path)?, &mut copy)?;
    Ok(copy)
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
