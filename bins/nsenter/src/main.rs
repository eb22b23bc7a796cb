fn main() -> std::process::ExitCode {
    nsenter::run(std::env::args_os())
}
