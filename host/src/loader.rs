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
        let bytes = std::fs::read(path)
            .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
        let component = if bytes.starts_with(b"\0asm") {
            compile(&engine, &bytes, path)?
        } else if bytes.starts_with(b"\x7fELF") {
            if Engine::detect_precompiled(&bytes) == Some(Precompiled::Module) {
                return Err(load_error(
                    path,
                    "this is a precompiled core module, not a component: precompile the \
                     component with `odr precompile odr_registrar.wasm out.cwasm`",
                ));
            }
            // SAFETY: the file is the deployment's own precompiled component
            // (documented above); wasmtime checks its version and configuration.
            unsafe { Component::deserialize(&engine, &bytes) }.map_err(|e| {
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
        } else {
            return Err(load_error(
                path,
                "neither a component (.wasm) nor a precompiled component (.cwasm from \
                 `odr precompile`)",
            ));
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
