#!/usr/bin/env bash
# Runs the quality gates that make msgraph.intune fit for Ansible users, Galaxy and AWX:
#   changelog        antsibull-changelog lint; the fragments render into CHANGELOG.rst with `antsibull-changelog
#                    release` (in a scratch copy); once released, CHANGELOG.rst is what `generate` writes
#   docs             antsibull-docs lint-collection-docs --plugin-docs (module docs, the guides in docs/docsite,
#                    extra-docs.yml, links.yml)
#   docs-html        the HTML site of docs/preview (antsibull-docs sphinx-init): module reference and guides
#   ansible-doc      ansible-doc renders every module, EXAMPLES included
#   ansible-lint     ansible-lint --profile production on the collection (examples/ included)
#   galaxy-importer  ansible-galaxy collection build, then galaxy-importer on the tarball: no ERROR
#   ee               ansible-builder create on extensions/ee (the build context, no image) and ansible-builder
#                    introspect of the installed tarball: msal and requests reach the execution environment
#   awx              pytest tests/integration/test_awx.py: the example playbook through ansible-runner with the
#                    environment of the collection's AWX credential type, and of the stock Azure RM credential
#
# Usage: scripts/lint.sh [--only GATE]... [--keep]
#   --only GATE   run only these gates; repeatable or comma-separated
#   --keep        keep the staged copy of the collection (its directory is printed)
#
# Tools (cached virtualenvs under MSGRAPH_INTUNE_TEST_HOME, default ~/.cache/msgraph-intune-tests, rebuilt when a
# requirements file changes; Python of the ansible-core $DEFAULT_CORE series of scripts/lib.sh):
#   lint-pyX.Y             ansible-core, requirements.txt, tests/requirements-test.txt, tests/requirements-lint.txt,
#                          docs/preview/requirements.txt (Sphinx)
#   galaxy-importer-pyX.Y  tests/requirements-galaxy-importer.txt (its pins conflict with the tools above)
# The gates run on a copy of the working tree at <tmp>/ansible_collections/msgraph/intune; the repository itself is
# never modified. The exit status is 0 only if every selected gate passed; the last line reads "N passed, N failed".
set -uo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL_GATES=(changelog docs docs-html ansible-doc ansible-lint galaxy-importer ee awx)

usage() {
    sed -n '2,/^set -uo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

gates=()
keep=false
passed=0
failed=0
summary_lines=()

# gate NAME COMMAND...: runs one gate from the staged collection root and records its outcome.
gate() {
    local name=$1 started=$SECONDS rc
    shift
    [[ " ${gates[*]} " == *" $name "* ]] || return 0
    log "=== $name ==="
    (cd "$collection" && "$@")
    rc=$?
    if ((rc == 0)); then
        passed=$((passed + 1))
        summary_lines+=("$(printf '%-16s %5ss  ok' "$name" $((SECONDS - started)))")
    else
        failed=$((failed + 1))
        summary_lines+=("$(printf '%-16s %5ss  FAIL (rc=%s)' "$name" $((SECONDS - started)) "$rc")")
    fi
}

collection_version() {
    python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])'
}

check_changelog() {
    antsibull-changelog lint || return 1
    # After a release, CHANGELOG.rst must be what antsibull-changelog generates from changelogs/changelog.yaml.
    if [[ -f CHANGELOG.rst ]]; then
        cp CHANGELOG.rst "$work_root/CHANGELOG.rst.committed" || return 1
        antsibull-changelog generate || return 1
        diff -u "$work_root/CHANGELOG.rst.committed" CHANGELOG.rst || {
            log "CHANGELOG.rst differs from what antsibull-changelog generate writes; run it and commit the result"
            return 1
        }
    fi
    # The unreleased fragments render into CHANGELOG.rst for the galaxy.yml version (in a scratch copy).
    local scratch="$work_root/changelog-release" version
    version=$(collection_version) || return 1
    cp -a . "$scratch" && (cd "$scratch" && antsibull-changelog release --version "$version") || return 1
    grep -q "^v$version\$" "$scratch/CHANGELOG.rst" || { log "CHANGELOG.rst has no v$version section"; return 1; }
    log "antsibull-changelog release --version $version renders the fragments; CHANGELOG.rst then reads:"
    cat "$scratch/CHANGELOG.rst"
}

# What docs/preview/build.sh does, made to work without internet access: intersphinx gets no inventories, so the
# only warnings allowed are the labels of the Ansible docs that it would resolve (-W is dropped for them).
check_docs_html() {
    local page status=0
    (
        cd docs/preview &&
            echo 'intersphinx_mapping = {}' >>conf.py &&
            mkdir -p rst && chmod og-w rst &&
            antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --use-current \
                --dest-dir rst msgraph.intune >/dev/null &&
            sphinx-build -M html rst build -c . -q -w warnings.txt
    ) || return 1
    if grep -v -E "WARNING: undefined label: '(ansible_configuration_settings|common_return_values|action_plugins)'" \
            docs/preview/warnings.txt | grep .; then
        log "sphinx-build warned (above)"
        status=1
    fi
    for page in $(python -c 'import yaml
for section in yaml.safe_load(open("docs/docsite/extra-docs.yml"))["sections"]:
    print("\n".join(section["toctree"]))'); do
        [[ -f docs/preview/build/html/collections/msgraph/intune/docsite/$page.html ]] || {
            log "the site has no page for the guide $page"
            status=1
        }
    done
    log "site: $collection/docs/preview/build/html/collections/msgraph/intune/index.html (kept with --keep)"
    return $status
}

check_ansible_doc() {
    local module rendered status=0
    for module in plugins/modules/*.py; do
        module=$(basename "$module" .py)
        if ! rendered=$(ansible-doc "msgraph.intune.$module" 2>&1); then
            printf '%s\n' "$rendered" >&2
            log "ansible-doc msgraph.intune.$module failed"
            status=1
        elif ! grep -q '^EXAMPLES:' <<<"$rendered"; then
            log "ansible-doc msgraph.intune.$module shows no EXAMPLES"
            status=1
        else
            log "ansible-doc msgraph.intune.$module: ok"
        fi
    done
    return $status
}

# One run over the whole collection: it lints the playbooks under examples/ as playbooks too (a short module name
# in examples/antivirus.yml fails it).
check_ansible_lint() {
    ansible-lint --offline --profile production
}

build_collection() {
    [[ -f $work_root/dist/msgraph-intune-$(collection_version).tar.gz ]] && return 0
    ansible-galaxy collection build --force --output-path "$work_root/dist" . >&2
}

check_galaxy_importer() {
    build_collection || return 1
    local tarball log="$work_root/galaxy-importer.log"
    tarball="$work_root/dist/msgraph-intune-$(collection_version).tar.gz"
    # galaxy-importer exits 0 even when a check fails, so its log is the verdict.
    (cd "$work_root/dist" && GALAXY_IMPORTER_CONFIG="$collection/tests/galaxy-importer.cfg" \
        "$importer_venv/bin/python" -m galaxy_importer.main "$tarball") >"$log" 2>&1
    grep -E '^(ERROR|WARNING)' "$log" >&2
    if grep -q '^ERROR' "$log" || ! grep -q 'Importer processing completed successfully' "$log"; then
        tail -30 "$log" >&2
        return 1
    fi
}

check_ee() {
    build_collection || return 1
    local context="$work_root/ee-context" installed="$work_root/ee-installed" introspected
    (cd extensions/ee && ansible-builder create --file execution-environment.yml --context "$context" \
        --output-filename Containerfile) || return 1
    [[ -f $context/Containerfile && -f $context/_build/requirements.yml ]] || {
        log "ansible-builder create wrote no Containerfile or requirements.yml"
        return 1
    }
    # What the image build does with the collection: install it, then collect its Python and system requirements.
    ansible-galaxy collection install --force -p "$installed" "$work_root/dist/msgraph-intune-$(collection_version).tar.gz" >&2 ||
        return 1
    introspected=$(ansible-builder introspect --sanitize "$installed") || return 1
    printf '%s\n' "$introspected"
    grep -q "^- 'msal[>=<~ ].*# from collection msgraph.intune'" <<<"$introspected" &&
        grep -q "^- 'requests[>=<~ ].*# from collection msgraph.intune'" <<<"$introspected" || {
        log "ansible-builder introspect does not find msal and requests in the installed collection"
        return 1
    }
}

check_awx() {
    (cd "$work_root" && MSGRAPH_INTUNE_REQUIRE_ANSIBLE_RUNNER=1 python -m pytest -p no:cacheprovider -q \
        ansible_collections/msgraph/intune/tests/integration/test_awx.py)
}

main() {
    while (($#)); do
        case $1 in
            --only)
                [[ $# -ge 2 ]] || die "--only needs a value"
                IFS=, read -r -a words <<<"$2"
                for word in "${words[@]}"; do
                    [[ " ${ALL_GATES[*]} " == *" $word "* ]] || die "unknown gate '$word' (choose from: ${ALL_GATES[*]})"
                    gates+=("$word")
                done
                shift ;;
            --keep) keep=true ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; die "unknown argument '$1'" ;;
        esac
        shift
    done
    ((${#gates[@]})) || gates=("${ALL_GATES[@]}")

    local python_version=${CORE_PYTHON[$DEFAULT_CORE]} python tools_venv
    python=$(find_python "$python_version") || die "Python $python_version not found"
    tools_venv=$(ensure_requirements_venv "$MSGRAPH_INTUNE_TEST_HOME/venvs/lint-py$python_version" "$python" \
        "ansible-core>=$DEFAULT_CORE.0,<${DEFAULT_CORE%.*}.$(( ${DEFAULT_CORE#*.} + 1 ))" \
        -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/tests/requirements-test.txt" \
        -r "$REPO_ROOT/tests/requirements-lint.txt" -r "$REPO_ROOT/docs/preview/requirements.txt") || exit 1
    if [[ " ${gates[*]} " == *" galaxy-importer "* ]]; then
        importer_venv=$(ensure_requirements_venv "$MSGRAPH_INTUNE_TEST_HOME/venvs/galaxy-importer-py$python_version" \
            "$python" -r "$REPO_ROOT/tests/requirements-galaxy-importer.txt") || exit 1
    fi

    make_work_root msgraph-intune-lint "$keep"
    collection=$(stage_collection "$work_root") || exit 1
    export PATH="$tools_venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$work_root" ANSIBLE_PYTHON_INTERPRETER="$tools_venv/bin/python"
    export ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=False

    local started=$SECONDS
    gate changelog check_changelog
    gate docs antsibull-docs lint-collection-docs --plugin-docs .
    gate docs-html check_docs_html
    gate ansible-doc check_ansible_doc
    gate ansible-lint check_ansible_lint
    gate galaxy-importer check_galaxy_importer
    gate ee check_ee
    gate awx check_awx

    printf '\n== msgraph.intune quality gates (gate, wall time, status) ==\n'
    printf '%s\n' "${summary_lines[@]}"
    printf 'total wall time: %ss\n' $((SECONDS - started))
    printf '%d passed, %d failed\n' "$passed" "$failed"
    ((failed == 0))
}

main "$@"
